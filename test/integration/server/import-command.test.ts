import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { withVatCheckDigit } from '../../../src/shared/import/italian-identifiers.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

const run = promisify(execFile);

/** `npm run server -- --import KIND FILE [--dry-run]` as an admin types it on the API's machine. */
describe('the import command', () => {
  const temp = makeTempDirectory('presidio-import-command-');
  afterAll(() => temp.remove());
  const importCommand = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [join(process.cwd(), 'src/server/main.ts'), '--data-dir', join(temp.path, 'api'), '--import', ...args], { env: { ...process.env, DATABASE_URL: '' } });
      return { status: 0, lines: stdout.trim().split('\n') };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { status: failed.code, lines: failed.stdout.trim().split('\n') };
    }
  };

  it('prints every problem and ends with the summary line; exit status 0 only when nothing was refused', async () => {
    const file = join(temp.path, 'clienti.csv');
    writeFileSync(file, `codice;ragione_sociale;partita_iva\r\nK1;Uno S.r.l.;${withVatCheckDigit('0111111111')}\r\nK2;Due S.r.l.;12345678901\r\n`);
    const refused = await importCommand('clienti', file);
    expect(refused.status).toBe(1);
    expect(refused.lines).toContain('riga 3, colonna partita_iva: partita IVA non valida: la cifra di controllo non corrisponde');
    expect(refused.lines.at(-1)).toBe('import clienti: 2 righe, 1 nuove, 0 aggiornate, 0 invariate, 1 rifiutate');

    writeFileSync(file, `codice;ragione_sociale;partita_iva\r\nK1;Uno S.r.l.;${withVatCheckDigit('0111111111')}\r\nK2;Due S.r.l.;${withVatCheckDigit('0222222222')}\r\n`);
    const dry = await importCommand('clienti', file, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.lines).toContain('Prova: nessuna riga è stata scritta.');
    expect(dry.lines.at(-1)).toBe('import clienti: 2 righe, 2 nuove, 0 aggiornate, 0 invariate, 0 rifiutate');
    expect((await importCommand('clienti', file)).lines.at(-1)).toBe('import clienti: 2 righe, 2 nuove, 0 aggiornate, 0 invariate, 0 rifiutate');
    expect((await importCommand('clienti', file)).lines.at(-1)).toBe('import clienti: 2 righe, 0 nuove, 0 aggiornate, 2 invariate, 0 rifiutate');
  }, 60_000);

  it('says in Italian what is wrong with the command itself', async () => {
    const wrongKind = await run(process.execPath, [join(process.cwd(), 'src/server/main.ts'), '--data-dir', join(temp.path, 'api'), '--import', 'fornitori', 'x.csv']).catch((error: { code: number; stderr: string }) => error);
    expect(wrongKind).toMatchObject({ code: 1, stderr: expect.stringContaining('Tipo di import sconosciuto «fornitori»: usa clienti, contratti, dispositivi, monte-ore.') });
  }, 30_000);
});
