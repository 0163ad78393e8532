import { describe, expect, it } from 'vitest';
import { hasForbiddenCharacters, requestTargetIsClean, safeText } from './input-text.ts';

describe('one text rule for every input', () => {
  it('refuses control characters and lone surrogates, keeps tabs, newlines and any language', () => {
    for (const bad of ['a\u0000b', '\u0007', '\u007f', '\ud800', 'x\udc00']) expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ['Città\tdi Verona\r\n', 'Überweisung 😀', '—']) expect(hasForbiddenCharacters(good)).toBe(false);
    expect(safeText(10).safeParse('  ok  ').data).toBe('ok');
    expect(safeText(10).safeParse('n\u0000o').success).toBe(false);
  });
  it('checks route parameters and query strings decoded', () => {
    expect(requestTargetIsClean('/portal/api/tickets/01a2?x=1')).toBe(true);
    expect(requestTargetIsClean('/portal/api/tickets/%00')).toBe(false);
    expect(requestTargetIsClean('/reports/statements/2026-11.csv?x=%01')).toBe(false);
    expect(requestTargetIsClean('/a/%E0%A4%A')).toBe(false);
    expect(requestTargetIsClean('/a/caff%C3%A8')).toBe(true);
  });
});
