import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { seedDemoData } from '../../src/main/core/seed/demo-seed.ts';
import { listTickets } from '../../src/main/core/tickets/ticket.service.ts';
import { dispatchHostCall } from '../../src/shared/host-api/dispatch.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

let core: Core;
const dir = makeTempDirectory();

beforeAll(async () => {
  core = createCore({ dataDirectory: dir.path, host: 'browser', version: 'test' });
  await seedDemoData(core.local.db, { now: new Date('2026-11-20T10:00:00Z') });
});
afterAll(async () => {
  await core.close();
  dir.remove();
});

describe('tickets through the core handlers', () => {
  it('lists the demo tickets ordered by priority then age, paged', async () => {
    const result = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 50 });
    expect(result.total).toBe(200);
    expect(result.items).toHaveLength(50);
    const keys = result.items.map((ticket) => `${ticket.priority}|${ticket.openedAt}`);
    expect([...keys].sort()).toEqual(keys);
    const next = await core.handlers['tickets.list']({ scope: 'all', offset: 50, limit: 50 });
    expect(next.items[0]?.id).not.toBe(result.items[0]?.id);
  });

  it('filters by status, priority and channel, and searches number, customer and text', async () => {
    const closedP1 = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 500, status: ['closed'], priority: ['P1'] });
    expect(closedP1.items.every((ticket) => ticket.status === 'closed' && ticket.priority === 'P1')).toBe(true);
    const whatsapp = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 500, channel: ['whatsapp'] });
    expect(whatsapp.total).toBeGreaterThan(0);
    expect(whatsapp.items.every((ticket) => ticket.channel === 'whatsapp')).toBe(true);
    const byNumber = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 10, search: 'T-2026-00042' });
    expect(byNumber.items.map((ticket) => ticket.number)).toEqual(['T-2026-00042']);
    const byText = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 500, search: 'stampante fiscale' });
    expect(byText.total).toBeGreaterThan(0);
    const wildcard = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 10, search: '%' });
    expect(wildcard.total).toBe(0);
    const operators = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 10, search: 'NEAR(stampante OR "' });
    // FTS syntax in the input is plain words, never an error: no demo ticket says "near" and "or".
    expect(operators.total).toBe(0);
    const prefix = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 500, search: 'stamp fisc' });
    expect(prefix.total).toBe(byText.total);
  });

  it('«I miei e non assegnati» lists open work only: mine and unassigned, closed ones only by status', async () => {
    const everyone = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 500 });
    const someone = everyone.items.find((item) => item.assigneeId !== null)!.assigneeId!;
    const mine = await listTickets(core.local.db, { scope: 'mine', offset: 0, limit: 500 }, someone);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((item) => item.status !== 'closed' && (item.assigneeId === someone || item.assigneeId === null))).toBe(true);
    const everyoneOpen = everyone.items.filter((item) => item.status !== 'closed' && (item.assigneeId === someone || item.assigneeId === null));
    expect(mine.total).toBe(everyoneOpen.length);
    const closedOnes = await listTickets(core.local.db, { scope: 'mine', offset: 0, limit: 500, status: ['closed'] }, someone);
    expect(closedOnes.items.length).toBeGreaterThan(0);
    expect(closedOnes.items.every((item) => item.status === 'closed')).toBe(true);
  });

  it('shows coverage badges from the shared rules', async () => {
    const { items } = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 200 });
    expect(items.some((ticket) => ticket.coverage.extended)).toBe(true);
    expect(items.some((ticket) => !ticket.coverage.standard)).toBe(true);
    expect(items.every((ticket) => !ticket.coverage.extended || ticket.coverage.standard)).toBe(true);
  });

  it('opens a ticket with customer, contracts, devices and interventions', async () => {
    const { items } = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 500, status: ['closed'] });
    const detail = await core.handlers['tickets.get']({ id: items[0]!.id });
    expect(detail.number).toBe(items[0]!.number);
    expect(detail.customer.name).toBe(items[0]!.customerName);
    expect(detail.interventions.length).toBeGreaterThan(0);
    expect(detail.interventions[0]!.segments.length).toBeGreaterThan(0);
    expect(detail.closedAt).not.toBeNull();
  });

  it('answers not_found for an unknown ticket, as an envelope', async () => {
    const result = await dispatchHostCall(core.handlers, 'tickets.get', { id: '0190f5a0-0000-7000-8000-000000000000' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
