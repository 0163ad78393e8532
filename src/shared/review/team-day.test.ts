import { describe, expect, it } from 'vitest';
import { summarizeTeamDay, type TeamDayIntervention } from './team-day.ts';

const anna = '01900000-0000-7000-8000-000000000001';
const bruno = '01900000-0000-7000-8000-000000000002';
let next = 0;
const work = (overrides: Partial<TeamDayIntervention>): TeamDayIntervention => ({
  id: `01900000-0000-7000-8000-${String(++next).padStart(12, '0')}`,
  ticketId: '01900000-0000-7000-8000-100000000000',
  ticketNumber: 'T-1',
  subject: 'Stampante',
  customerName: 'Ottica Bianchi',
  channel: 'phone',
  technicianId: anna,
  technicianName: 'Anna Tecnica',
  mode: 'remote',
  activity: 'software_assistance',
  status: 'stopped',
  approved: false,
  startedAt: '2026-11-30T09:00:00.000Z',
  stoppedAt: '2026-11-30T10:00:00.000Z',
  workedSeconds: 3600,
  tier: 'billable',
  billedMinutes: 60,
  netCents: 8000,
  flags: [],
  reviewReason: null,
  segments: [],
  ...overrides,
});

describe('summarizeTeamDay', () => {
  it('adds up each technician’s day: worked, billed, included, amounts by tier, channels and modes', () => {
    const day = summarizeTeamDay('2026-11-30', [
      work({ workedSeconds: 30 * 60, billedMinutes: 60, netCents: 8000 }),
      // A J-System intervention of 100 minutes: 60 included, 30 billed (fractions), 40 counted as included.
      work({ tier: 'extended', workedSeconds: 100 * 60, billedMinutes: 30, netCents: 4000, channel: 'whatsapp', mode: 'on_site' }),
      work({ tier: 'warranty', workedSeconds: 45 * 60, billedMinutes: 0, netCents: 0, approved: true }),
      work({ technicianId: bruno, technicianName: 'Bruno Tecnico', workedSeconds: 10 * 60, billedMinutes: 60, netCents: 8000 }),
    ]);
    expect(day.technicians.map((row) => row.technicianName)).toEqual(['Anna Tecnica', 'Bruno Tecnico']);
    const [first] = day.technicians;
    expect(first).toMatchObject({
      interventions: 3,
      workedSeconds: (30 + 100 + 45) * 60,
      billedMinutes: 90,
      includedMinutes: 70 + 45,
      netCents: 12000,
      byChannel: { phone: 2, whatsapp: 1 },
      byMode: { remote: 2, on_site: 1 },
      toApprove: 2,
      awaitingServer: 0,
    });
    expect(first!.byTier).toMatchObject({ billable: { count: 1, workedSeconds: 1800, billedMinutes: 60, netCents: 8000 }, extended: { count: 1, workedSeconds: 6000, billedMinutes: 30 }, warranty: { count: 1, workedSeconds: 2700 } });
  });

  it('counts what is running, paused, held for review, out of hours, and not yet evaluated by the API', () => {
    const [row] = summarizeTeamDay('2026-11-30', [
      work({ status: 'running', stoppedAt: null, tier: null, billedMinutes: null, netCents: null }),
      work({ status: 'paused', stoppedAt: null, tier: null, billedMinutes: null, netCents: null }),
      work({ reviewReason: 'Segmento di lavoro più lungo di 12 ore', flags: ['outside_support_hours'] }),
    ]).technicians;
    expect(row).toMatchObject({ running: 1, paused: 1, flagged: 1, outsideSupportHours: 1, awaitingServer: 2, awaitingServerSeconds: 7200, billedMinutes: 60, toApprove: 1 });
  });

  it('an empty day has no technicians', () => {
    expect(summarizeTeamDay('2026-11-29', [])).toEqual({ day: '2026-11-29', technicians: [], interventions: [], repairs: [] });
  });
});
