import { join } from 'node:path';
import { defaultBillingPolicy, type BillingPolicy } from '../../shared/domain/index.ts';

export type MailSettings = {
  /** `smtp://` or `smtps://` with credentials in the URL; null: write `.eml` files to `dropFolder`. */
  smtpUrl: string | null;
  dropFolder: string;
  from: string;
  /** Where customers reach this API (the feedback form), without a trailing slash. */
  publicUrl: string;
  policy: BillingPolicy;
};

/** The mail settings from the environment (`PRESIDIO_SMTP_URL`, `PRESIDIO_MAIL_FROM`, `PRESIDIO_PUBLIC_URL`). */
export const readMailSettings = (env: Record<string, string | undefined>, defaults: { dataDirectory: string; ownUrl: string }): MailSettings => {
  const smtpUrl = env['PRESIDIO_SMTP_URL']?.trim() || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^/]/.test(smtpUrl)) throw new Error('PRESIDIO_SMTP_URL non valido: usa smtp://utente:password@host:porta oppure smtps://…');
  const publicUrl = (env['PRESIDIO_PUBLIC_URL']?.trim() || defaults.ownUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(publicUrl)) throw new Error('PRESIDIO_PUBLIC_URL non valido: usa https://indirizzo-pubblico');
  return {
    smtpUrl,
    dropFolder: join(defaults.dataDirectory, 'mail'),
    from: env['PRESIDIO_MAIL_FROM']?.trim() || 'Assistenza Presidio <assistenza@localhost>',
    publicUrl,
    policy: defaultBillingPolicy,
  };
};

/** The bare address of a `Name <address>` sender, lower case. */
export const mailAddressOf = (from: string): string => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
