import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeImportProblem, importKinds, importKindSchema } from '../../shared/import/import-kinds.ts';
import { importSummaryLine } from '../../shared/import/import-report.ts';
import type { ServerDb } from '../db/server-database.ts';
import { runImport } from './import.service.ts';

type Output = { out: (line: string) => void; progress: (line: string) => void };

/**
 * `npm run server -- --import KIND FILE [--dry-run]`: the same engine as the *Importa* screen.
 * Prints every problem, then what changed, and last the summary line scripts read; answers the
 * exit status (0 only when nothing was refused).
 */
export const runImportCommand = async (database: ServerDb, args: { kind: string; file: string | undefined; dryRun: boolean }, output: Output): Promise<number> => {
  const kind = importKindSchema.safeParse(args.kind);
  if (!kind.success) throw new Error(`Tipo di import sconosciuto «${args.kind}»: usa ${importKinds.join(', ')}.`);
  if (!args.file) throw new Error('Indica il file da importare: --import KIND FILE.');
  const bytes = await readFile(args.file);
  let lastShown = -1;
  const report = await runImport(database, {
    kind: kind.data,
    fileName: basename(args.file),
    bytes,
    dryRun: args.dryRun,
    actorId: null,
    via: 'riga di comando',
    onProgress: (progress) => {
      if (progress.phase !== 'writing' || progress.total === 0) return;
      const percent = Math.floor((progress.done / progress.total) * 10) * 10;
      if (percent === lastShown) return;
      lastShown = percent;
      output.progress(`Scrittura: ${percent}% (${progress.done} di ${progress.total})`);
    },
  });
  for (const problem of report.problems) output.out(describeImportProblem(problem));
  if (report.refused > report.problems.length) output.out(`… e altri problemi: ne mostro ${report.problems.length}.`);
  if (report.ignoredColumns.length > 0) output.out(`Colonne ignorate: ${report.ignoredColumns.join(', ')}.`);
  for (const change of report.changes) output.out(change);
  if (report.refused > 0) output.out('Nessuna riga è stata scritta: correggi le righe rifiutate e riprova.');
  else if (report.dryRun) output.out('Prova: nessuna riga è stata scritta.');
  output.out(importSummaryLine(report));
  return report.refused === 0 ? 0 : 1;
};
