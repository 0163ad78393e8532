import { z } from 'zod';
import { supportMinutesBetween, type SupportCalendar } from '../domain/index.ts';
import { priorities, type Priority, type TicketStatus } from '../model/enums.ts';

/**
 * «Carico per tecnico»: the open tickets each technician holds (and those nobody holds yet), by
 * priority, with how long they have waited in support hours since they were opened (the way the
 * queue counts it). Pure, from the console's replica.
 */
export const workloadRowSchema = z.object({
  /** Null: the tickets nobody has taken yet. */
  technicianId: z.uuid().nullable(),
  technicianName: z.string(),
  open: z.int().nonnegative(),
  byPriority: z.object({ P1: z.int(), P2: z.int(), P3: z.int(), P4: z.int() }),
  /** Waiting for the customer: not the technician's to move. */
  waitingForCustomer: z.int().nonnegative(),
  /** Support minutes since the oldest open ticket was opened, and the mean over the open tickets. */
  oldestWaitMinutes: z.int().nonnegative(),
  averageWaitMinutes: z.int().nonnegative(),
  /** The oldest ticket's number, to open it. */
  oldestTicketNumber: z.string().nullable(),
});
export type WorkloadRow = z.infer<typeof workloadRowSchema>;
export const workloadSchema = z.object({ at: z.string(), rows: z.array(workloadRowSchema) });
export type Workload = z.infer<typeof workloadSchema>;

export type OpenTicketFacts = { number: string; assigneeId: string | null; assigneeName: string | null; priority: Priority; status: Exclude<TicketStatus, 'closed'>; openedAt: string };

export const unassignedName = 'Non assegnati';

/** Technicians by most urgent load (P1 first, then the longest wait), the unassigned first of all. */
export const summarizeWorkload = (tickets: readonly OpenTicketFacts[], now: Date, calendar?: SupportCalendar): Workload => {
  const rows = new Map<string, WorkloadRow & { waitSum: number }>();
  for (const ticket of tickets) {
    const key = ticket.assigneeId ?? '';
    let row = rows.get(key);
    if (!row) {
      row = {
        technicianId: ticket.assigneeId,
        technicianName: ticket.assigneeId ? (ticket.assigneeName ?? 'Tecnico') : unassignedName,
        open: 0,
        byPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
        waitingForCustomer: 0,
        oldestWaitMinutes: 0,
        averageWaitMinutes: 0,
        oldestTicketNumber: null,
        waitSum: 0,
      };
      rows.set(key, row);
    }
    const waited = supportMinutesBetween(ticket.openedAt, now, calendar ? { calendar } : {});
    row.open += 1;
    row.byPriority[ticket.priority] += 1;
    if (ticket.status === 'waiting') row.waitingForCustomer += 1;
    row.waitSum += waited;
    if (row.oldestTicketNumber === null || waited > row.oldestWaitMinutes) {
      row.oldestWaitMinutes = waited;
      row.oldestTicketNumber = ticket.number;
    }
  }
  const urgency = (row: WorkloadRow) => priorities.map((priority) => row.byPriority[priority]);
  const sorted = [...rows.values()]
    .map(({ waitSum, ...row }) => ({ ...row, averageWaitMinutes: row.open === 0 ? 0 : Math.round(waitSum / row.open) }))
    .sort((a, b) => {
      if ((a.technicianId === null) !== (b.technicianId === null)) return a.technicianId === null ? -1 : 1;
      const [ua, ub] = [urgency(a), urgency(b)];
      for (let index = 0; index < ua.length; index++) if (ua[index] !== ub[index]) return (ub[index] ?? 0) - (ua[index] ?? 0);
      return b.oldestWaitMinutes - a.oldestWaitMinutes || a.technicianName.localeCompare(b.technicianName, 'it');
    });
  return { at: now.toISOString(), rows: sorted };
};
