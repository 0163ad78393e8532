import { describe, expect, it } from 'vitest';
import { closurePreview, provisionalEvaluation } from './intervention-evaluation.ts';
import type { Intervention, TicketDetail } from './ticket.schema.ts';

const customerId = '01a1ff72-0000-7000-8000-000000000001';
const intervention = (id: string, start: string, minutes: number, extra: Partial<Intervention> = {}): Intervention => ({
  id,
  ticketId: '01a1ff72-0000-7000-8000-0000000000aa',
  technicianId: '01a1ff72-0000-7000-8000-0000000000bb',
  technicianName: 'Anna',
  mode: 'remote',
  activity: 'software_assistance',
  backupCheck: 'confirmed',
  status: 'stopped',
  deviceId: null,
  approved: false,
  billing: null,
  notes: '',
  startedAt: start,
  stoppedAt: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
  segments: [{ id: `${id.slice(0, -1)}9`, startedAt: start, endedAt: new Date(Date.parse(start) + minutes * 60_000).toISOString(), needsConfirmation: false }],
  softwareUpToDate: null,
  conformingSetup: null,
  ...extra,
});

const ticket = (interventions: Intervention[], freeMinutes = 60): TicketDetail => ({
  id: '01a1ff72-0000-7000-8000-0000000000aa',
  number: 'T-1',
  customerId,
  customerName: 'Rossi',
  channel: 'phone',
  subject: 'x',
  priority: 'P2',
  status: 'in_progress',
  blocking: false,
  assigneeId: null,
  assigneeName: null,
  openedAt: '2026-11-23T08:00:00.000Z',
  updatedAt: '2026-11-23T08:00:00.000Z',
  coverage: { standard: true, extended: false, warranty: false },
  description: '',
  cause: null,
  resolution: null,
  closedAt: null,
  takenAt: null,
  customer: { id: customerId, code: 'C1', name: 'Rossi', vatNumber: null, email: null, phone: null, city: null, fiscalCode: null, address: null, postalCode: null, province: null, notes: null, freeMinutes, billingPreference: null, accountManagerId: null },
  contracts: [{ id: '01a1ff72-0000-7000-8000-0000000000cc', customerId, kind: 'standard', validFrom: '2026-01-01', validTo: '2026-12-31', notes: null }],
  devices: [],
  hourBank: { freeMinutes, packages: [] },
  interventions,
  feedback: [],
  messages: [],
  workReports: [],
  unread: false,
});

describe('provisional figures and the closure preview', () => {
  it('live: a standard-contract intervention is included whatever its length', () => {
    const running = intervention('01a1ff72-0000-7000-8000-000000000011', '2026-11-23T09:00:00.000Z', 0, { status: 'running', stoppedAt: null, segments: [{ id: '01a1ff72-0000-7000-8000-000000000019', startedAt: '2026-11-23T09:00:00.000Z', endedAt: null, needsConfirmation: false }] });
    const evaluation = provisionalEvaluation(ticket([running]), running, '2026-11-23T10:01:00.000Z');
    expect(evaluation).toMatchObject({ tier: 'standard', workedSeconds: 61 * 60, billedMinutes: 0, grossCents: 0 });
  });

  it('cause customer: every intervention becomes billable, drawing free hours first, in order', () => {
    const first = intervention('01a1ff72-0000-7000-8000-000000000021', '2026-11-23T09:00:00.000Z', 30);
    const second = intervention('01a1ff72-0000-7000-8000-000000000031', '2026-11-23T11:00:00.000Z', 30);
    const preview = closurePreview(ticket([first, second]), 'customer', '2026-11-23T12:00:00.000Z');
    expect(preview.rows.map((row) => [row.evaluation.tier, row.evaluation.billedMinutes, row.evaluation.allocation])).toEqual([
      ['billable', 60, [{ source: 'free', minutes: 60 }]],
      ['billable', 60, [{ source: 'invoice', minutes: 60 }]],
    ]);
    expect(preview).toMatchObject({ billedMinutes: 120, netCents: 8000, vatCents: 1760, grossCents: 9760 });
    const vendor = closurePreview(ticket([first, second]), 'vendor', '2026-11-23T12:00:00.000Z');
    expect(vendor.grossCents).toBe(0);
  });

  it('adds back what the interventions already drew, as the API reverses it before re-evaluating', () => {
    const drawn = intervention('01a1ff72-0000-7000-8000-000000000041', '2026-11-23T09:00:00.000Z', 61, {
      billing: {
        policyVersion: 'x', tier: 'billable', reasons: [], flags: [], workedSeconds: 3660, billedMinutes: 90,
        allocation: [{ source: 'free', minutes: 60 }, { source: 'invoice', minutes: 30 }], invoicedMinutes: 30,
        netCents: 4000, vatCents: 880, grossCents: 4880, evaluatedAt: '2026-11-23T10:02:00.000Z',
      },
    });
    const preview = closurePreview(ticket([drawn], 0), 'customer', '2026-11-23T12:00:00.000Z');
    expect(preview.rows[0]?.evaluation.allocation).toEqual([{ source: 'free', minutes: 60 }, { source: 'invoice', minutes: 30 }]);
  });
});
