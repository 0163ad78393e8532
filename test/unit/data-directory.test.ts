import { describe, expect, it } from 'vitest';
import { resolveDataDirectory } from '../../src/main/core/data-directory.ts';

describe('resolveDataDirectory', () => {
  it('matches Electron userData per platform and honours the override', () => {
    expect(resolveDataDirectory({}, 'linux', '/home/anna')).toBe('/home/anna/.config/Presidio');
    expect(resolveDataDirectory({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/anna')).toBe('/cfg/Presidio');
    expect(resolveDataDirectory({}, 'darwin', '/Users/anna')).toBe('/Users/anna/Library/Application Support/Presidio');
    expect(resolveDataDirectory({ PRESIDIO_DATA_DIR: '/tmp/p' }, 'linux', '/home/anna')).toBe('/tmp/p');
  });
});
