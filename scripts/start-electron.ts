import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start`: build, then launch the desktop app. Where the Electron runtime is not installed
 * (machines that cannot download it) say so in one line and point to the browser host.
 */
const root = join(import.meta.dirname, '..');
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;

if (!binary || !existsSync(binary)) {
  console.error(
    'Runtime di Electron non installato su questa macchina: avvia la console nel browser con "npm run start:web".',
  );
  process.exit(1);
}

const build = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawn(binary, [root], { stdio: 'inherit', cwd: root });
app.on('exit', (code) => process.exit(code ?? 0));
