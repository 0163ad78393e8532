import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, readSecretsKey } from '../../src/server/channels/secret-box.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

describe('the channels’ secrets at rest', () => {
  it('seals and opens with the key; another key or a changed byte cannot open it', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('EAAG-token-segreto');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('EAAG');
    expect(box.open(sealed)).toBe('EAAG-token-segreto');
    expect(box.seal('x')).not.toBe(box.seal('x'));
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`v1:${bytes.toString('base64')}`)).toThrow();
  });

  it('takes the key from the environment, or makes a key file once, readable by the API’s user only', () => {
    const folder = makeTempDirectory('presidio-secrets-');
    try {
      const key = readSecretsKey({}, folder.path);
      expect(key).toHaveLength(32);
      expect(readSecretsKey({}, folder.path).equals(key)).toBe(true);
      expect(statSync(join(folder.path, 'secrets.key')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(folder.path, 'secrets.key'), 'utf8')).toBe(key.toString('base64'));
      const fromEnv = randomBytes(32);
      expect(readSecretsKey({ PRESIDIO_SECRETS_KEY: fromEnv.toString('base64') }, folder.path).equals(fromEnv)).toBe(true);
      expect(() => readSecretsKey({ PRESIDIO_SECRETS_KEY: 'corta' }, folder.path)).toThrow('PRESIDIO_SECRETS_KEY non valido');
    } finally {
      folder.remove();
    }
  });
});
