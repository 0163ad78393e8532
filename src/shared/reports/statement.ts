import { z } from 'zod';
import { activityCatalog, isActivityCode } from '../domain/index.ts';
import { billingMonthSchema } from '../domain/billing-period.ts';

/** One billing entry as the statement reads it: a charge or the reversal of one, booked in the month. */
export type BookedEntry = {
  workId: string;
  workAt: string;
  ticketNumber: string | null;
  activity: string;
  /** What a money line is (the parts fitted, the transport, the package sold); null for time. */
  description?: string | null;
  billedMinutes: number;
  invoicedMinutes: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/** Work billed by time, a repair's spare parts or transport, a package of hours sold. */
export const statementLineKinds = ['work', 'parts', 'transport', 'package'] as const;
export type StatementLineKind = (typeof statementLineKinds)[number];
export const statementLineKindLabels = {
  work: 'Assistenza',
  parts: 'Ricambi',
  transport: 'Trasporto',
  package: 'Pacchetto di ore',
} as const satisfies Record<StatementLineKind, string>;

/** The activities a repair's money lines and a package sale are booked under. */
export const moneyLineActivities = { repair_parts: 'parts', repair_transport: 'transport', package_sale: 'package' } as const satisfies Record<string, Exclude<StatementLineKind, 'work'>>;

export const statementLineSchema = z.object({
  workId: z.string(),
  workAt: z.string(),
  ticketNumber: z.string().nullable(),
  activity: z.string(),
  kind: z.enum(statementLineKinds).default('work'),
  description: z.string().nullable().default(null),
  billedMinutes: z.int(),
  invoicedMinutes: z.int(),
  netCents: z.int(),
  vatCents: z.int(),
  grossCents: z.int(),
  /** The work was already in an earlier month's statement: this line corrects it. */
  adjustment: z.boolean(),
});
export type StatementLine = z.infer<typeof statementLineSchema>;

export const customerStatementSchema = z.object({
  customer: z.object({ id: z.string(), code: z.string(), name: z.string(), vatNumber: z.string().nullable() }),
  lines: z.array(statementLineSchema),
  draws: z.object({
    freeMinutes: z.int(),
    packages: z.array(z.object({ packageId: z.string(), purchasedOn: z.string(), expiresOn: z.string().nullable(), minutes: z.int() })),
  }),
  totals: z.object({ invoicedMinutes: z.int(), netCents: z.int(), vatCents: z.int(), grossCents: z.int() }),
});
export type CustomerStatement = z.infer<typeof customerStatementSchema>;

export const monthStatementsSchema = z.object({
  month: billingMonthSchema,
  /** Over in Rome: its figures are final (later corrections go to the month they are made). */
  closed: z.boolean(),
  statements: z.array(customerStatementSchema),
});
export type MonthStatements = z.infer<typeof monthStatementsSchema>;

/** What a statement calls a piece of work. */
export const workActivityLabel = (activity: string): string => {
  if (activity === 'repair') return 'Riparazione in laboratorio';
  if (activity === 'repair_parts') return 'Ricambi della riparazione';
  if (activity === 'repair_transport') return 'Trasporto della riparazione';
  if (activity === 'package_sale') return 'Acquisto di un pacchetto di ore';
  return isActivityCode(activity) ? activityCatalog[activity].label : activity;
};

const lineKind = (activity: string): StatementLineKind => Object.entries(moneyLineActivities).find(([code]) => code === activity)?.[1] ?? 'work';

/**
 * A month's lines from the entries booked in it: one line per piece of work (its charges and
 * reversals in the month net out), lines that net to nothing dropped, and work already stated in
 * an earlier month marked as an adjustment.
 */
export const statementLines = (entries: readonly BookedEntry[], statedBefore: ReadonlySet<string>): StatementLine[] => {
  const byWork = new Map<string, StatementLine>();
  for (const entry of entries) {
    // A repair's labour, parts and transport are lines of their own.
    const key = `${entry.workId}:${entry.activity}`;
    const line = byWork.get(key);
    if (!line) {
      byWork.set(key, {
        ...entry,
        activity: workActivityLabel(entry.activity),
        kind: lineKind(entry.activity),
        description: entry.description ?? null,
        adjustment: statedBefore.has(entry.workId),
      });
      continue;
    }
    if (entry.description) line.description = entry.description;
    line.billedMinutes += entry.billedMinutes;
    line.invoicedMinutes += entry.invoicedMinutes;
    line.netCents += entry.netCents;
    line.vatCents += entry.vatCents;
    line.grossCents += entry.grossCents;
  }
  return [...byWork.values()]
    .filter((line) => line.invoicedMinutes !== 0 || line.netCents !== 0 || line.grossCents !== 0)
    .sort((a, b) => a.workAt.localeCompare(b.workAt) || (a.ticketNumber ?? '').localeCompare(b.ticketNumber ?? '') || a.workId.localeCompare(b.workId));
};

export const statementTotals = (lines: readonly StatementLine[]): CustomerStatement['totals'] =>
  lines.reduce(
    (sum, line) => ({
      invoicedMinutes: sum.invoicedMinutes + line.invoicedMinutes,
      netCents: sum.netCents + line.netCents,
      vatCents: sum.vatCents + line.vatCents,
      grossCents: sum.grossCents + line.grossCents,
    }),
    { invoicedMinutes: 0, netCents: 0, vatCents: 0, grossCents: 0 },
  );

/** Italian month name for titles: "novembre 2026". */
export const billingMonthLabel = (month: string): string => {
  const names = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];
  return `${names[Number(month.slice(5, 7)) - 1] ?? ''} ${month.slice(0, 4)}`;
};

/** A statement file as the console hands it to the page to save. */
export const statementFileSchema = z.object({ fileName: z.string(), mimeType: z.enum(['text/csv', 'application/pdf']), base64: z.string() });
export type StatementFile = z.infer<typeof statementFileSchema>;
