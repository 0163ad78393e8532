import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const appDirectoryName = 'Presidio';

/**
 * Where the console keeps its data: the same folder Electron calls `userData` for an app
 * named Presidio, so the demo seed, the browser host and the desktop app share one database.
 * `PRESIDIO_DATA_DIR` overrides it (tests, several profiles on one machine).
 */
export const resolveDataDirectory = (
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string => {
  const override = env['PRESIDIO_DATA_DIR'];
  if (override && override.trim() !== '') return resolve(override);
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), appDirectoryName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appDirectoryName);
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), appDirectoryName);
};
