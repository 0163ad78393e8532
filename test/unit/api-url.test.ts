import { describe, expect, it } from 'vitest';
import { checkApiUrl } from '../../src/main/core/sync/api-url.ts';

describe('checkApiUrl', () => {
  it.each([
    ['https://presidio.example.it/qualcosa', 'https://presidio.example.it'],
    ['http://127.0.0.1:5190', 'http://127.0.0.1:5190'],
    ['http://127.8.0.1:5190', 'http://127.8.0.1:5190'],
    ['http://localhost:5190/', 'http://localhost:5190'],
    ['http://[::1]:5190', 'http://[::1]:5190'],
  ])('accepts %s', (text, origin) => {
    expect(checkApiUrl(text)).toEqual({ ok: true, origin });
  });

  it.each(['http://presidio.example.it', 'http://192.168.1.10:5190', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example'])(
    'refuses clear-text %s with an Italian reason',
    (text) => {
      const check = checkApiUrl(text);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/https:\/\//);
    },
  );

  it.each(['', 'presidio', 'ftp://presidio.example.it', 'javascript:alert(1)'])('refuses %s as not an address', (text) => {
    expect(checkApiUrl(text)).toMatchObject({ ok: false });
  });
});
