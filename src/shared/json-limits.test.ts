import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './json-limits.ts';

describe('exceedsJsonDepth', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(exceedsJsonDepth('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(exceedsJsonDepth('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ text: '[[[[[[[[[[{{{{{{{{' }), 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ text: 'a\\"[[[[' }), 1)).toBe(false);
  });

  it('refuses a huge nesting without recursing', () => {
    expect(exceedsJsonDepth('['.repeat(1_000_000))).toBe(true);
    expect(exceedsJsonDepth(`${'['.repeat(32)}${']'.repeat(32)}`)).toBe(false);
  });
});
