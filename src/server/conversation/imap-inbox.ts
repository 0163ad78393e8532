import { ImapFlow } from 'imapflow';
import type { ServerDb } from '../db/server-database.ts';
import { voicemailPresets, type VoicemailPreset } from '../../shared/conversation/voicemail.ts';
import { fileInboundMail, type InboundOutcome, type InboundSettings } from './inbound-mail.service.ts';

export type ImapLocation = { host: string; port: number; secure: boolean; user: string; password: string; mailbox: string };

/**
 * `PRESIDIO_IMAP_URL`: `imaps://user:password@host:993/INBOX` (TLS) or `imap://…:143/…` (plain,
 * for a server on the same machine); the mailbox defaults to INBOX. Refused in Italian when it
 * is not one of these, so a wrong setting stops the API at start.
 */
export const parseImapUrl = (text: string): ImapLocation => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('PRESIDIO_IMAP_URL non valido: usa imaps://utente:password@host:993/INBOX');
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw new Error('PRESIDIO_IMAP_URL non valido: deve iniziare con imaps:// oppure imap://');
  if (!url.hostname || !url.username) throw new Error('PRESIDIO_IMAP_URL non valido: servono host e utente (imaps://utente:password@host/INBOX)');
  const secure = url.protocol === 'imaps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    mailbox: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX',
  };
};

/**
 * The PBX whose mails are voicemails: `PRESIDIO_VOICEMAIL_FROM` (its sender address) and
 * `PRESIDIO_VOICEMAIL_PRESET` (`asterisk`, the default, for FreePBX and Asterisk; `3cx`).
 */
export const readVoicemailSettings = (env: Record<string, string | undefined>): { sender: string; preset: VoicemailPreset } | null => {
  const sender = env['PRESIDIO_VOICEMAIL_FROM']?.trim().toLowerCase();
  if (!sender) return null;
  if (!/^[^@\s]+@[^@\s]+$/.test(sender)) throw new Error('PRESIDIO_VOICEMAIL_FROM non valido: indica l’indirizzo da cui il centralino invia i messaggi vocali.');
  const preset = env['PRESIDIO_VOICEMAIL_PRESET']?.trim() || 'asterisk';
  const known = voicemailPresets.find((candidate) => candidate === preset);
  if (!known) throw new Error(`PRESIDIO_VOICEMAIL_PRESET non valido: usa ${voicemailPresets.join(' oppure ')}.`);
  return { sender, preset: known };
};

type Log = { info: (data: object, message: string) => void; warn: (data: object, message: string) => void };

/**
 * Reads the support mailbox: every unread message is filed (`fileInboundMail`) and then marked
 * read. New mail is noticed by IDLE where the server offers it (imapflow idles between commands
 * and reports `exists`), and by a poll every `pollMs` in any case (a server without IDLE, a
 * dropped connection). Filing is idempotent on the Message-ID, so a message read twice (two API
 * processes, a flag lost in a crash) is filed once. The password never reaches the log.
 */
export const createImapInbox = (options: { location: ImapLocation; database: ServerDb; settings: InboundSettings; log: Log; clock?: () => Date; pollMs?: number }) => {
  const clock = options.clock ?? (() => new Date());
  const pollMs = options.pollMs ?? 60_000;
  const { location } = options;
  let client: ImapFlow | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<InboundOutcome[]> | null = null;
  let again = false;
  let stopped = false;

  const connected = async (): Promise<ImapFlow> => {
    if (client?.usable) return client;
    const fresh = new ImapFlow({ host: location.host, port: location.port, secure: location.secure, auth: { user: location.user, pass: location.password }, logger: false, missingIdleCommand: 'NOOP', maxIdleTime: pollMs });
    fresh.on('error', (error: Error) => options.log.warn({ err: error.message }, 'casella dell’assistenza: connessione IMAP persa'));
    fresh.on('exists', () => void runOnce());
    await fresh.connect();
    await fresh.mailboxOpen(location.mailbox);
    client = fresh;
    return fresh;
  };

  const readUnseen = async (): Promise<InboundOutcome[]> => {
    const imap = await connected();
    const unseen: Array<{ uid: number; source: Buffer }> = [];
    for await (const message of imap.fetch({ seen: false }, { uid: true, source: true }, { uid: true })) if (message.source) unseen.push({ uid: message.uid, source: message.source });
    const outcomes: InboundOutcome[] = [];
    for (const message of unseen) {
      const outcome = await fileInboundMail(options.database, message.source, options.settings, clock());
      outcomes.push(outcome);
      await imap.messageFlagsAdd(String(message.uid), ['\\Seen'], { uid: true });
      if (outcome.outcome !== 'duplicate') options.log.info({ event: 'mail.inbound', outcome: outcome.outcome, ticketId: outcome.ticketId, reason: outcome.reason }, 'e-mail in arrivo archiviata');
    }
    return outcomes;
  };

  /** Files what is unread now; a call while one runs is folded into one more run after it. */
  const runOnce = async (): Promise<InboundOutcome[]> => {
    if (running) {
      again = true;
      return running;
    }
    running = readUnseen().finally(() => {
      running = null;
    });
    const outcomes = await running;
    if (again && !stopped) {
      again = false;
      outcomes.push(...(await runOnce()));
    }
    return outcomes;
  };

  const tick = async () => {
    try {
      await runOnce();
    } catch (error) {
      options.log.warn({ err: error instanceof Error ? error.message : String(error), host: location.host }, 'lettura della casella dell’assistenza non riuscita, nuovo tentativo più tardi');
      const broken = client;
      client = null;
      await broken?.logout().catch(() => undefined);
    } finally {
      if (!stopped) timer = setTimeout(() => void tick(), pollMs);
    }
  };

  return {
    runOnce,
    start: () => {
      stopped = false;
      void tick();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      const open = client;
      client = null;
      await open?.logout().catch(() => undefined);
    },
  };
};
