/** One source of prepaid or free hours, as the notices see it. */
export type HourPot = {
  /** Stable for the life of the pot: `free:<grant id>` or `package:<package id>`. */
  key: string;
  kind: 'free' | 'package';
  totalMinutes: number;
  remainingMinutes: number;
  expiresOn?: string;
};

export const noticeThresholds = ['low', 'exhausted'] as const;
export type NoticeThreshold = (typeof noticeThresholds)[number];

/** Below this share of its size a pot is running low (domain rules §5: "falls below 20%"). */
export const lowPotShare = 0.2;

/**
 * The thresholds a pot has reached. Exhausted implies low (a pot that empties in one go is never
 * announced as low afterwards). The customer is told once per pot and threshold: the caller keeps
 * which were already sent.
 */
export const thresholdsReached = (pot: HourPot): NoticeThreshold[] => {
  if (pot.totalMinutes <= 0) return [];
  if (pot.remainingMinutes <= 0) return ['low', 'exhausted'];
  if (pot.remainingMinutes < pot.totalMinutes * lowPotShare) return ['low'];
  return [];
};
