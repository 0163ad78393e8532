import { describe, expect, it } from 'vitest';
import { judgeOrigin, originOf, originRefused } from './origin-policy.ts';

describe('origin policy of the central API', () => {
  const host = 'assistenza.example.it';
  it('judges an Origin against the Host and the public address', () => {
    expect(judgeOrigin(undefined, host, [])).toBe('absent');
    expect(judgeOrigin('https://assistenza.example.it', host, [])).toBe('same');
    expect(judgeOrigin('https://portale.example.it', '127.0.0.1:5190', ['https://portale.example.it'])).toBe('same');
    expect(judgeOrigin('https://attacker.example', host, [])).toBe('foreign');
    expect(judgeOrigin('https://assistenza.example.it.attacker.example', host, [])).toBe('foreign');
    for (const opaque of ['null', '', 'not a url', 'file:///etc/passwd', 'data:text/html,x', 'http://[bad']) expect(judgeOrigin(opaque, host, []), opaque).toBe('opaque');
  });
  it('refuses changes from foreign pages and opaque origins everywhere', () => {
    expect(originRefused('POST', 'foreign')).toBe(true);
    expect(originRefused('GET', 'foreign')).toBe(false);
    expect(originRefused('GET', 'opaque')).toBe(true);
    expect(originRefused('POST', 'same')).toBe(false);
    expect(originRefused('POST', 'absent')).toBe(false);
    expect(originOf('https://portale.example.it/base/')).toBe('https://portale.example.it');
    expect(originOf('')).toBeNull();
  });
});
