import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tools the tests use from the system: Chromium for the browser tests (Playwright cannot download
 * its own browsers on these machines) and poppler's pdftotext/pdftoppm to read and render the
 * statement PDFs, Caddy to validate the shipped proxy configuration, Dovecot as the support mailbox. Installs Debian's package when one is missing and we are allowed to.
 */
const ensureDebianTool = (tool: { name: string; path: string; debianPackage: string; hint: string }): void => {
  if (existsSync(tool.path)) return;
  const isRoot = process.getuid?.() === 0;
  if (process.platform !== 'linux' || !isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${tool.name} non trovato in ${tool.path}: installalo (Debian: "apt-get install -y ${tool.debianPackage}")${tool.hint}.`);
  }
  console.log(`${tool.name} mancante: lo installo dai pacchetti Debian…`);
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', tool.debianPackage]]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} non è riuscito (codice ${run.status}).`);
  }
  if (!existsSync(tool.path)) throw new Error(`${tool.name} installato ma non trovato in ${tool.path}.`);
};

export const ensureChromium = (path = process.env['PRESIDIO_CHROMIUM'] ?? '/usr/bin/chromium'): void =>
  ensureDebianTool({ name: 'Chromium', path, debianPackage: 'chromium', hint: ' o indica il percorso con PRESIDIO_CHROMIUM' });

export const ensurePdfTools = (): void => ensureDebianTool({ name: 'pdftoppm (poppler)', path: '/usr/bin/pdftoppm', debianPackage: 'poppler-utils', hint: '' });

/** Caddy, to validate the reverse-proxy configuration docs/deploy.md ships (`caddy validate`). */
export const ensureCaddy = (): void => ensureDebianTool({ name: 'Caddy', path: '/usr/bin/caddy', debianPackage: 'caddy', hint: '' });

/** Dovecot, the real IMAP server the inbound-mail tests start on loopback (`test/support/imap-server.ts`). */
export const ensureDovecot = (): void => ensureDebianTool({ name: 'Dovecot (IMAP)', path: '/usr/sbin/dovecot', debianPackage: 'dovecot-imapd', hint: '' });

if (import.meta.main) {
  try {
    ensureChromium();
    ensurePdfTools();
    ensureCaddy();
    ensureDovecot();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
