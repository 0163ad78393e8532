import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { seedDemoData } from '../../src/main/core/seed/demo-seed.ts';
import { writeSetting } from '../../src/main/core/settings/settings.repository.ts';
import { romeDay } from '../../src/shared/domain/index.ts';
import { dispatchHostCall } from '../../src/shared/host-api/dispatch.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

let core: Core;
const dir = makeTempDirectory();
const now = new Date('2026-11-20T16:00:00Z');

const signInAs = (role: 'technician' | 'team_lead') => {
  const user = core.local.sqlite.prepare<[string], { id: string; email: string; display_name: string }>('SELECT id, email, display_name FROM users WHERE role = ? LIMIT 1').get(role)!;
  writeSetting(core.local.sqlite, 'sync.session', {
    serverUrl: 'http://127.0.0.1:1',
    expiresAt: '2099-01-01T00:00:00.000Z',
    user: { id: user.id, email: user.email, displayName: user.display_name, role },
  });
};

beforeAll(async () => {
  core = createCore({ dataDirectory: dir.path, host: 'browser', version: 'test', clock: () => now });
  await seedDemoData(core.local.db, { now });
});
afterAll(async () => {
  await core.close();
  dir.remove();
});

describe('«Giornata del team» in the core', () => {
  it('is refused to a technician, with the reason, as an envelope', async () => {
    signInAs('technician');
    const answer = await dispatchHostCall(core.handlers, 'review.day', { day: '2026-11-20' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/team leader/) } });
  });

  it('gives a lead every intervention started that Rome day, per technician, adding up', async () => {
    signInAs('team_lead');
    const interventions = core.local.sqlite.prepare<[], { started_at: string; technician_id: string }>('SELECT started_at, technician_id FROM interventions').all();
    const busiest = [...interventions.reduce((days, row) => days.set(romeDay(row.started_at), (days.get(romeDay(row.started_at)) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]!;
    const day = await core.handlers['review.day']({ day: busiest[0] });
    // The summary alone carries no interventions: they come with the technician the lead opens.
    expect(day.interventions).toEqual([]);
    expect(day.technicians.reduce((sum, row) => sum + row.interventions, 0)).toBe(busiest[1]);
    const opened = await Promise.all(day.technicians.map((row) => core.handlers['review.day']({ day: busiest[0], technicianId: row.technicianId })));
    const all = opened.flatMap((answer, index) => {
      expect(answer.interventions.every((item) => item.technicianId === day.technicians[index]!.technicianId)).toBe(true);
      expect(answer.interventions).toHaveLength(day.technicians[index]!.interventions);
      expect(answer.interventions.reduce((sum, item) => sum + item.workedSeconds, 0)).toBe(day.technicians[index]!.workedSeconds);
      return answer.interventions;
    });
    expect(all).toHaveLength(busiest[1]);
    expect(all.every((item) => romeDay(item.startedAt) === busiest[0])).toBe(true);
    const answer = await dispatchHostCall(core.handlers, 'review.day', { day: '30/11/2026' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('lists the repairs received, worked on or changed that day, with their warranty verdict', async () => {
    signInAs('team_lead');
    // A repair as a pull brings it: received on 18 November, labour logged on the 20th.
    const device = core.local.sqlite.prepare<[], { id: string; customer_id: string }>('SELECT id, customer_id FROM devices LIMIT 1').get()!;
    core.local.sqlite
      .prepare(
        `INSERT INTO repairs (id, customer_id, device_id, ticket_id, reported_defect, labour_minutes, status, received_on, warranty_covered, warranty_expires_on, labour_logged_at, updated_at)
         VALUES ('0193a1c0-ca1e-7da7-8000-0000000000f1', ?, ?, NULL, 'Non si accende', 40, 'repairing', '2026-11-18', 1, '2027-05-01', '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z')`,
      )
      .run(device.customer_id, device.id);
    const worked = await core.handlers['review.day']({ day: '2026-11-20' });
    expect(worked.repairs.find((repair) => repair.id === '0193a1c0-ca1e-7da7-8000-0000000000f1')?.happened).toEqual(['worked', 'updated']);
    const repairs = core.local.sqlite.prepare<[], { id: string; received_on: string; warranty_covered: number; labour_minutes: number }>('SELECT id, received_on, warranty_covered, labour_minutes FROM repairs').all();
    const received = repairs[0]!;
    const day = await core.handlers['review.day']({ day: received.received_on });
    const listed = day.repairs.find((repair) => repair.id === received.id);
    expect(listed).toMatchObject({ receivedOn: received.received_on, warrantyCovered: received.warranty_covered === 1, labourMinutes: received.labour_minutes });
    expect(listed!.happened).toContain('received');
    // A day on which nothing happened to any repair lists none.
    expect((await core.handlers['review.day']({ day: '2020-01-01' })).repairs).toEqual([]);
  });

  it('«Carico per tecnico» counts every open ticket once, by who holds it; refused to technicians', async () => {
    signInAs('technician');
    expect(await dispatchHostCall(core.handlers, 'review.workload', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    signInAs('team_lead');
    const workload = await core.handlers['review.workload']({});
    const open = core.local.sqlite.prepare<[], { assignee_id: string | null; n: number }>("SELECT assignee_id, count(*) AS n FROM tickets WHERE status != 'closed' GROUP BY assignee_id").all();
    expect(workload.rows.reduce((sum, row) => sum + row.open, 0)).toBe(open.reduce((sum, row) => sum + row.n, 0));
    for (const group of open) expect(workload.rows.find((row) => row.technicianId === group.assignee_id)?.open).toBe(group.n);
  });

  it('«Qualità per tecnico» gives each answer to the technician who held the closed ticket', async () => {
    signInAs('team_lead');
    const closed = core.local.sqlite
      .prepare<[], { id: string; assignee_id: string | null; closed_at: string }>("SELECT id, assignee_id, closed_at FROM tickets WHERE status = 'closed' AND assignee_id IS NOT NULL ORDER BY closed_at DESC LIMIT 2")
      .all();
    expect(closed).toHaveLength(2);
    const month = closed[0]!.closed_at.slice(0, 7);
    const insert = core.local.sqlite.prepare('INSERT INTO ticket_feedback (id, ticket_id, rating, comment, submitted_at) VALUES (?, ?, ?, ?, ?)');
    insert.run('0193a1c0-ca1e-7da7-8000-0000000000e1', closed[0]!.id, 5, 'Bravissimi', closed[0]!.closed_at);
    const summary = await core.handlers['review.quality']({ month });
    const row = summary.rows.find((candidate) => candidate.technicianId === closed[0]!.assignee_id);
    expect(row?.feedback.byRating[5]).toBeGreaterThanOrEqual(1);
    expect(await dispatchHostCall(core.handlers, 'review.quality', { month: '2026-13' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
});
