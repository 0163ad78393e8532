/**
 * How the desk reads a mail that arrives in the support mailbox (issue 24): whether a machine
 * wrote it (never answered, never filed: no loops), which request it names, and where the
 * customer's own words end and the quoted history begins. Pure: the API applies it to what the
 * IMAP server hands over, the tests to real MIME messages.
 */
export type InboundHeaders = {
  from: string;
  subject: string;
  autoSubmitted: string | null;
  precedence: string | null;
  /** Microsoft's out-of-office marker (`X-Auto-Response-Suppress`) and the like. */
  autoResponseSuppress: string | null;
  /** `Return-Path: <>`: a bounce. */
  returnPath: string | null;
  contentType: string;
  listId: string | null;
};

/** Why a mail is a machine's and must be left alone, or null when a person wrote it. */
export const automatedMailReason = (headers: InboundHeaders, ownAddresses: readonly string[]): string | null => {
  const from = headers.from.trim().toLowerCase();
  if (ownAddresses.some((own) => own.trim().toLowerCase() === from)) return 'Inviato dalla stessa casella dell’assistenza';
  if (headers.autoSubmitted && headers.autoSubmitted.trim().toLowerCase() !== 'no') return `Risposta automatica (Auto-Submitted: ${headers.autoSubmitted.trim()})`;
  if (headers.precedence && /^(bulk|junk|list|auto_reply)$/i.test(headers.precedence.trim())) return `Posta di massa (Precedence: ${headers.precedence.trim()})`;
  if (headers.autoResponseSuppress && /\b(all|oof|autoreply)\b/i.test(headers.autoResponseSuppress)) return 'Risposta automatica (fuori ufficio)';
  if (headers.returnPath !== null && headers.returnPath.replaceAll(/\s/g, '') === '<>') return 'Notifica di mancato recapito';
  if (/^multipart\/report\b/i.test(headers.contentType)) return 'Notifica di mancato recapito';
  if (/^(mailer-daemon|postmaster|no-?reply)@/i.test(from)) return 'Mittente automatico';
  if (headers.listId) return 'Lista di distribuzione';
  return null;
};

/**
 * The request numbers a subject may name: in brackets, as our mails write them (`[W-261203-ABC123]`),
 * or after «Richiesta» as the closure summary does. Candidates only: the API looks each up.
 */
export const requestNumbersInSubject = (subject: string): string[] => {
  const bracketed = [...subject.matchAll(/\[([A-Za-z0-9][A-Za-z0-9-]{0,39})\]/g)].map((match) => match[1] ?? '');
  const named = [...subject.matchAll(/\brichiesta\s+([A-Za-z0-9][A-Za-z0-9-]{0,39})\b/gi)].map((match) => match[1] ?? '');
  return [...new Set([...bracketed, ...named].filter(Boolean))];
};

/** Our own outgoing mails' ids (`<outbox-row-id@presidio.outbox>`) among a reply's In-Reply-To and References. */
export const outboxIdsReferenced = (references: readonly string[]): string[] =>
  references.flatMap((reference) => {
    const match = /<?([0-9a-f-]{36})@presidio\.outbox>?/i.exec(reference);
    return match?.[1] ? [match[1].toLowerCase()] : [];
  });

/** The line where a mail client starts quoting (Italian and English clients, Outlook's header block). */
const quoteStarts = [
  /^\s*(il giorno|il)\s.+\s(ha scritto|scrive)\s*:\s*$/i,
  /^\s*on\s.+\swrote\s*:\s*$/i,
  /^\s*-{2,}\s*(messaggio originale|original message|messaggio inoltrato|forwarded message)\s*-{2,}\s*$/i,
  /^\s*(da|from)\s*:\s.+$/i,
  /^\s*_{10,}\s*$/,
];

/**
 * The customer's words and the history they quoted: the text is cut at the first line a mail
 * client writes before quoting (or where the trailing `>` lines begin). Nothing is thrown away:
 * the quoted part is kept, shown folded.
 */
export const splitQuotedReply = (text: string): { body: string; quoted: string | null } => {
  const lines = text.replaceAll('\r\n', '\n').split('\n');
  let cut = lines.findIndex((line, index) => index > 0 && quoteStarts.some((pattern) => pattern.test(line)));
  if (cut === -1) {
    // Only `>` lines to the end: where they start.
    let start = lines.length;
    while (start > 0 && (/^\s*>/.test(lines[start - 1] ?? '') || (lines[start - 1] ?? '').trim() === '')) start--;
    cut = start < lines.length && lines.slice(start).some((line) => /^\s*>/.test(line)) ? start : -1;
  }
  if (cut <= 0) return { body: text.trim(), quoted: null };
  const body = lines.slice(0, cut).join('\n').trim();
  const quoted = lines.slice(cut).join('\n').trim();
  return body ? { body, quoted: quoted || null } : { body: text.trim(), quoted: null };
};
