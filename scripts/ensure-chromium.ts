import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Browser tests use the system Chromium (Playwright cannot download its own browsers on these
 * machines). Installs Debian's package when it is missing and we are allowed to.
 */
export const ensureChromium = (path = process.env['PRESIDIO_CHROMIUM'] ?? '/usr/bin/chromium'): void => {
  if (existsSync(path)) return;
  const isRoot = process.getuid?.() === 0;
  if (process.platform !== 'linux' || !isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `Chromium non trovato in ${path}: installalo (Debian: "apt-get install -y chromium") o indica il percorso con PRESIDIO_CHROMIUM.`,
    );
  }
  console.log('Chromium mancante: lo installo dai pacchetti Debian…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} non è riuscito (codice ${run.status}).`);
  }
  if (!existsSync(path)) throw new Error(`Chromium installato ma non trovato in ${path}.`);
};

if (import.meta.main) {
  try {
    ensureChromium();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
