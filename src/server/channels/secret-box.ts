import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Secrets the API must present to others (a platform's access token, an app secret it signs
 * with) are kept encrypted at rest: AES-256-GCM with a key that never enters the database —
 * `PRESIDIO_SECRETS_KEY` (32 bytes, base64) or a key file made once in the data folder (0600).
 * A copy of the database alone (a backup, a dump) does not reveal them.
 */
export type SecretBox = { seal: (plain: string) => string; open: (sealed: string) => string };

export const createSecretBox = (key: Buffer): SecretBox => {
  if (key.length !== 32) throw new Error('La chiave dei segreti deve essere di 32 byte.');
  return {
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open: (sealed) => {
      const bytes = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
};

/** The key: from the environment, else the data folder's key file (made on first use, readable by the API's user only). */
export const readSecretsKey = (env: Record<string, string | undefined>, dataDirectory: string): Buffer => {
  const fromEnv = env['PRESIDIO_SECRETS_KEY']?.trim();
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('PRESIDIO_SECRETS_KEY non valido: servono 32 byte in base64 (openssl rand -base64 32).');
    return key;
  }
  const file = join(dataDirectory, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
};
