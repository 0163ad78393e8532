import { describe, expect, it } from 'vitest';
import { summarizeWorkload, unassignedName, type OpenTicketFacts } from './workload.ts';

// Monday 23 November 2026, 10:00 in Rome: the desk opened at 09:00.
const now = new Date('2026-11-23T09:00:00.000Z');
const anna = '0193a1c0-0000-7000-8000-00000000000a';
const bruno = '0193a1c0-0000-7000-8000-00000000000b';
const ticket = (number: string, assigneeId: string | null, priority: OpenTicketFacts['priority'], openedAt: string, status: OpenTicketFacts['status'] = 'open'): OpenTicketFacts => ({
  number,
  assigneeId,
  assigneeName: assigneeId === anna ? 'Anna' : assigneeId === bruno ? 'Bruno' : null,
  priority,
  status,
  openedAt,
});

describe('«Carico per tecnico»', () => {
  it('counts each technician’s open tickets by priority, with waits in support hours; the unassigned come first', () => {
    const workload = summarizeWorkload(
      [
        // Opened Friday at 18:00 Rome: 30 minutes on Friday, the weekend (service only for J-System) not counted, 1 hour today.
        ticket('T-1', anna, 'P3', '2026-11-20T17:00:00.000Z'),
        // Opened at 09:30 today: 30 minutes.
        ticket('T-2', anna, 'P1', '2026-11-23T08:30:00.000Z', 'waiting'),
        ticket('T-3', bruno, 'P2', '2026-11-23T08:00:00.000Z'),
        ticket('T-4', null, 'P4', '2026-11-23T08:50:00.000Z'),
      ],
      now,
    );
    expect(workload.rows.map((row) => row.technicianName)).toEqual([unassignedName, 'Anna', 'Bruno']);
    const annaRow = workload.rows[1]!;
    expect(annaRow).toMatchObject({ open: 2, byPriority: { P1: 1, P2: 0, P3: 1, P4: 0 }, waitingForCustomer: 1, oldestTicketNumber: 'T-1' });
    expect(annaRow.oldestWaitMinutes).toBe(30 + 60);
    expect(annaRow.averageWaitMinutes).toBe(Math.round((90 + 30) / 2));
    expect(workload.rows[2]).toMatchObject({ open: 1, byPriority: { P2: 1 }, oldestWaitMinutes: 60 });
    expect(workload.rows[0]).toMatchObject({ technicianId: null, open: 1, oldestWaitMinutes: 10 });
  });

  it('nothing open, nothing listed', () => {
    expect(summarizeWorkload([], now).rows).toEqual([]);
  });
});
