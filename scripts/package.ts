import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, Platform } from 'electron-builder';
import { generateIcons } from './icons.ts';

/**
 * `npm run package`: the installable console for this platform (Linux AppImage and deb, Windows
 * NSIS, macOS dmg) under dist/. Icons are generated from build/icon.svg, the app is built, then
 * electron-builder packs it with electron-builder.yml. The update feed comes from
 * PRESIDIO_UPDATE_URL; without it the package never looks for updates. docs/desktop.md has the rest.
 */
const root = join(import.meta.dirname, '..');
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const runtime = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
if (!runtime || !existsSync(runtime)) {
  console.error('Runtime di Electron non installato su questa macchina: il pacchetto si crea dove Electron è installato (npm ci senza ELECTRON_SKIP_BINARY_DOWNLOAD).');
  process.exit(1);
}

await generateIcons(join(root, 'build', 'icon.svg'), join(root, 'build'));
const compiled = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit', cwd: root });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const feed = process.env['PRESIDIO_UPDATE_URL'];
if (!feed) console.warn('PRESIDIO_UPDATE_URL non impostato: questo pacchetto non cercherà aggiornamenti.');
const platform = process.platform === 'win32' ? Platform.WINDOWS : process.platform === 'darwin' ? Platform.MAC : Platform.LINUX;
await build({
  projectDir: root,
  targets: platform.createTarget(),
  // electron-builder.yml is read from the project; only the feed comes from here.
  config: { publish: feed ? { provider: 'generic', url: feed, channel: 'latest' } : null },
  publish: 'never',
});
