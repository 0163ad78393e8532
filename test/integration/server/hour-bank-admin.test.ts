import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { readHourBank } from '../../../src/server/hour-bank/hour-bank.repository.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

describe.each(engineNames)('hour bank administration (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterAll(async () => server.stop());

  const status = (answer: Awaited<ReturnType<TestServer['call']>>) =>
    (answer.body.value.results as Array<{ status: string; error?: { code: string } }>).map((result) => result.error?.code ?? result.status);

  it('a technician can neither grant hours, nor register a package, nor correct the bank', async () => {
    const answer = await anna.push([
      anna.command('hourBank.grant', { customerId: server.customerId, minutes: 120, reason: 'Omaggio' }),
      anna.command('hourBank.registerPackage', { id: newId(), customerId: server.customerId, minutes: 600, rateCents: 7000, purchasedOn: '2026-11-01', expiresOn: null }),
      anna.command('hourBank.adjust', { customerId: server.customerId, packageId: null, minutes: 60, reason: 'Prova' }),
    ]);
    expect(status(answer)).toEqual(['forbidden', 'forbidden', 'forbidden']);
  });

  it('the lead grants free hours and sells a package: ledger, audit, the customer’s bank, and the next billable work draws from them', async () => {
    const packageId = newId();
    const answer = await lead.push([
      lead.command('hourBank.grant', { customerId: server.customerId, minutes: 60, reason: 'Omaggio di benvenuto' }),
      lead.command('hourBank.registerPackage', { id: packageId, customerId: server.customerId, minutes: 600, rateCents: 7000, purchasedOn: '2026-11-01', expiresOn: '2027-11-01' }),
    ]);
    expect(status(answer)).toEqual(['applied', 'applied']);
    expect(await readHourBank(server.db, server.customerId)).toMatchObject({
      freeMinutes: 60,
      packages: [{ id: packageId, totalMinutes: 600, remainingMinutes: 600, purchasedOn: '2026-11-01', expiresOn: '2027-11-01' }],
    });
    const audits = await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', server.customerId).orderBy('action').execute();
    expect(audits).toEqual([
      { action: 'hourBank.grant', reason: 'Omaggio di benvenuto' },
      { action: 'hourBank.registerPackage', reason: 'Vendita di un pacchetto di ore' },
    ]);

    // Ninety billable minutes (no contract): 60 from the free hours, 30 from the package.
    const ticketId = newId();
    const interventionId = newId();
    const work = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `HB-${ticketId.slice(-6)}`, customerId: server.customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(0) }),
      anna.command('intervention.stop', { interventionId, at: at(90) }),
    ]);
    expect(status(work)).toEqual(['applied', 'applied', 'applied']);
    const figures = JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow()).billing_json!) as { allocation: Array<{ source: string; minutes: number }> };
    expect(figures.allocation).toEqual([
      { source: 'free', minutes: 60 },
      { source: 'package', packageId, minutes: 30 },
    ]);
    expect(await readHourBank(server.db, server.customerId)).toMatchObject({ freeMinutes: 0, packages: [{ remainingMinutes: 570 }] });
  });

  it('a correction needs a reason, may not overdraw a pot, and is kept in the ledger with its author', async () => {
    const bank = await readHourBank(server.db, server.customerId);
    const packageId = bank.packages[0]!.id;
    const overdraw = await lead.push([lead.command('hourBank.adjust', { customerId: server.customerId, packageId: null, minutes: -30, reason: 'Errore' })]);
    expect(status(overdraw)).toEqual(['invalid_argument']);
    const beyondTotal = await lead.push([lead.command('hourBank.adjust', { customerId: server.customerId, packageId, minutes: 60, reason: 'Errore' })]);
    expect(status(beyondTotal)).toEqual(['invalid_argument']);
    const noReason = await lead.push([lead.command('hourBank.adjust', { customerId: server.customerId, packageId, minutes: -30 })]);
    expect(status(noReason)).toEqual(['invalid_argument']);
    const corrected = await lead.push([lead.command('hourBank.adjust', { customerId: server.customerId, packageId, minutes: -30, reason: 'Mezz’ora consumata al telefono, non registrata' })]);
    expect(status(corrected)).toEqual(['applied']);
    expect((await readHourBank(server.db, server.customerId)).packages[0]!.remainingMinutes).toBe(540);
    const entry = await server.db.selectFrom('hour_bank_ledger').selectAll().where('entry_type', '=', 'adjustment').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ source: 'package', package_id: packageId, minutes: -30, author_id: server.users.lead, reason: 'Mezz’ora consumata al telefono, non registrata' });
    const unknownCustomer = await lead.push([lead.command('hourBank.grant', { customerId: newId(), minutes: 60, reason: 'Omaggio' })]);
    expect(status(unknownCustomer)).toEqual(['not_found']);
  });
});
