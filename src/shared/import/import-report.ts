import { z } from 'zod';
import { importKindSchema, type ImportKind, type ImportProblem } from './import-kinds.ts';

/** At most this many problems travel back (a file with 50,000 bad rows says so in its counts). */
export const importProblemsShown = 500;

export const importReportSchema = z.object({
  kind: importKindSchema,
  fileName: z.string(),
  dryRun: z.boolean(),
  /** Data rows in the file (the header and blank lines excluded). */
  rows: z.int().nonnegative(),
  created: z.int().nonnegative(),
  updated: z.int().nonnegative(),
  unchanged: z.int().nonnegative(),
  /** Rows with at least one problem; any and nothing is written. */
  refused: z.int().nonnegative(),
  problems: z.array(z.object({ line: z.int(), column: z.string(), reason: z.string() })),
  /** Column headers the kind does not know (left out, said so). */
  ignoredColumns: z.array(z.string()),
  /** What an applied (or, in a dry run, would-be) change did, a few lines: `riga 4: C0001 aggiornato (email, telefono)`. */
  changes: z.array(z.string()),
  written: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const refusedRowCount = (problems: readonly ImportProblem[]): number => new Set(problems.map((problem) => problem.line)).size;

/** The last line the import command prints (scripts read it). */
export const importSummaryLine = (report: Pick<ImportReport, 'kind' | 'rows' | 'created' | 'updated' | 'unchanged' | 'refused'>): string =>
  `import ${report.kind}: ${report.rows} righe, ${report.created} nuove, ${report.updated} aggiornate, ${report.unchanged} invariate, ${report.refused} rifiutate`;

export const importProgressSchema = z.object({ phase: z.enum(['reading', 'checking', 'writing', 'done']), done: z.int().nonnegative(), total: z.int().nonnegative() });
export type ImportProgress = z.infer<typeof importProgressSchema>;

export type { ImportKind };
