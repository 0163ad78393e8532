import { createHash, randomBytes } from 'node:crypto';

/** 30 days to answer (issue: the link expires after 30 days). */
export const feedbackValidityMs = 30 * 24 * 60 * 60_000;

/** A random one-use token (192 bits) for the link; the database keeps only its hash. */
export const newFeedbackToken = (): { token: string; hash: string } => {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashFeedbackToken(token) };
};

export const hashFeedbackToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The shape of a token we issue: anything else is refused before touching the database. */
export const isFeedbackTokenShaped = (token: string): boolean => /^[A-Za-z0-9_-]{32}$/.test(token);
