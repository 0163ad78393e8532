import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

/** One mail as the outbox hands it to a transport. */
export type OutgoingMail = {
  /** Stable per outbox row: a mail sent again after a crash is the same mail to the receiver. */
  messageId: string;
  date: Date;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
};

export type MailTransport = {
  /** Where mail goes, for the log (never with credentials). */
  readonly description: string;
  send: (mail: OutgoingMail) => Promise<{ location?: string }>;
  close: () => void;
};

/** The parts nodemailer needs, the same for both transports. */
const message = (mail: OutgoingMail) => ({
  messageId: mail.messageId,
  date: mail.date,
  from: mail.from,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  ...(mail.html ? { html: mail.html } : {}),
  ...(mail.attachments && mail.attachments.length > 0 ? { attachments: mail.attachments } : {}),
});

/** SMTP through nodemailer, from `smtp://user:pass@host:port` or `smtps://…`. */
export const createSmtpTransport = (url: string): MailTransport => {
  const parsed = new URL(url);
  // A stuck server must not hold a claim for ever: the worker gives up on it and retries later.
  const transporter = createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    description: `SMTP ${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)}`,
    send: async (mail) => {
      await transporter.sendMail(message(mail));
      return {};
    },
    close: () => transporter.close(),
  };
};

/**
 * With no SMTP server configured, each mail becomes an `.eml` file (openable by any mail client)
 * in the server's data folder, so one machine works out of the box and nothing is lost.
 */
export const createDropFolderTransport = (folder: string): MailTransport => {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `file .eml in ${folder}`,
    send: async (mail) => {
      const info = await transporter.sendMail(message(mail));
      mkdirSync(folder, { recursive: true });
      const location = join(folder, `${mail.messageId.replaceAll(/[<>]/g, '').replaceAll(/[^a-zA-Z0-9._-]/g, '_')}.eml`);
      // `buffer: true` answers the whole message as a Buffer.
      if (!Buffer.isBuffer(info.message)) throw new Error('messaggio non composto');
      writeFileSync(location, info.message);
      return { location };
    },
    close: () => transporter.close(),
  };
};

/** Whether a failure will not get better by retrying (an SMTP 5xx: unknown mailbox, refused sender). */
export const isPermanentMailFailure = (error: unknown): boolean => {
  const code = typeof error === 'object' && error !== null && 'responseCode' in error ? Number(error.responseCode) : NaN;
  return code >= 500 && code < 600;
};
