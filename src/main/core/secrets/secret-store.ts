import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where the console keeps secrets (the central API's session token): never in the SQLite cache,
 * which is copied, backed up and opened by support tools. The core takes the store as a port;
 * each host provides the best one it has and says which (`description`).
 */
export type SecretStore = {
  /** Shown at start-up and in docs: how the secrets are protected on this workstation. */
  readonly description: string;
  get: (name: string) => string | null;
  /** `null` removes the secret. */
  set: (name: string, value: string | null) => void;
};

/** Turns a secret into bytes only this OS user can turn back (Electron's safeStorage: the OS keychain). */
export type Encryptor = {
  encrypt: (plain: string) => Buffer;
  decrypt: (sealed: Buffer) => string;
};

const secretsFileSchema = z.record(z.string(), z.string());

/**
 * A JSON file of name → value, written atomically with mode 0600 (readable and writable only by
 * the OS user running the console). With an encryptor each value is sealed first, so a copy of
 * the file is useless on another account or machine.
 */
export const createFileSecretStore = (options: { directory: string; encryptor?: Encryptor; description: string }): SecretStore => {
  const file = join(options.directory, options.encryptor ? 'secrets.sealed.json' : 'secrets.json');
  const readAll = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  };
  const writeAll = (values: Record<string, string>) => {
    if (Object.keys(values).length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(values), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  };
  return {
    description: options.description,
    get(name) {
      const stored = readAll()[name];
      if (stored === undefined) return null;
      if (!options.encryptor) return stored;
      try {
        return options.encryptor.decrypt(Buffer.from(stored, 'base64'));
      } catch {
        // Sealed by another OS account or a reset keychain: as good as absent (the user logs in again).
        return null;
      }
    },
    set(name, value) {
      const values = readAll();
      if (value === null) delete values[name];
      else values[name] = options.encryptor ? options.encryptor.encrypt(value).toString('base64') : value;
      writeAll(values);
    },
  };
};

/** The browser host's store: a file readable only by this OS user (no keychain without Electron). */
export const userFileSecretStore = (directory: string): SecretStore =>
  createFileSecretStore({ directory, description: `file leggibile solo da questo utente del sistema (${join(directory, 'secrets.json')})` });
