import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { defaultBillingPolicy } from '../../../src/shared/domain/index.ts';
import { createMailWorker } from '../../../src/server/mail/mail-worker.ts';
import { createSmtpTransport } from '../../../src/server/mail/mail-transport.ts';
import { hourBankNoticePayloadSchema } from '../../../src/server/mail/mail-payloads.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtp-receiver.ts';

const base = '2026-11-23T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

describe.each(engineNames)('hour-bank notices (%s)', (engine) => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let ticketId: string;
  let offset = 0;
  const statuses = (answer: Awaited<ReturnType<TestServer['call']>>) => (answer.body.value.results as Array<{ status: string }>).map((result) => result.status);
  /** One billable intervention of `minutes` on the customer's ticket (no contract: every minute is drawn). */
  const work = async (minutes: number) => {
    const interventionId = newId();
    const startedAt = at(offset);
    offset += minutes + 1;
    const answer = await anna.push([
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt }),
      anna.command('intervention.stop', { interventionId, at: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString() }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied']);
  };
  const notices = async () =>
    (await server.db.selectFrom('mail_outbox').select(['payload_json', 'recipient']).where('kind', '=', 'hour_bank_notice').orderBy('created_at').orderBy('id').execute()).map((row) =>
      hourBankNoticePayloadSchema.parse(JSON.parse(row.payload_json!)).notices.map((notice) => `${notice.kind}:${notice.threshold}:${notice.remainingMinutes}/${notice.totalMinutes}`),
    );

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    smtp = await startSmtpReceiver();
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    ticketId = newId();
    expect(
      statuses(
        await lead.push([
          lead.command('hourBank.grant', { customerId: server.customerId, minutes: 180, reason: 'Ore gratuite annuali' }),
          lead.command('ticket.create', { id: ticketId, number: 'HB-N', customerId: server.customerId, channel: 'phone', subject: 'Gestionale', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
        ]),
      ),
    ).toEqual(['applied', 'applied']);
  });
  afterAll(async () => {
    await smtp.stop();
    await server.stop();
  });

  it('tells the customer once when the free hours fall below 20% and once when they run out, then a package likewise', async () => {
    await work(60); // 120 of 180 left: 67%
    expect(await notices()).toEqual([]);
    await work(90); // 30 of 180 left: 17%
    expect(await notices()).toEqual([['free:low:30/180']]);
    await work(60); // 30 from the free hours (now 0), 30 invoiced
    expect(await notices()).toEqual([['free:low:30/180'], ['free:exhausted:0/180']]);
    await work(60); // all invoiced: nothing new to tell
    expect(await notices()).toHaveLength(2);

    const packageId = newId();
    expect(statuses(await lead.push([lead.command('hourBank.registerPackage', { id: packageId, customerId: server.customerId, minutes: 600, rateCents: 7000, purchasedOn: '2026-11-01', expiresOn: '2027-11-01' })]))).toEqual(['applied']);
    await work(480); // 120 of 600 left: exactly 20%, not below
    expect(await notices()).toHaveLength(2);
    await work(60); // 60 of 600 left
    expect((await notices())[2]).toEqual(['package:low:60/600']);

    const sender = createMailWorker({ database: server.database.server, transport: createSmtpTransport(smtp.url), settings: { from: 'assistenza@presidio.test', publicUrl: 'https://assistenza.test', policy: defaultBillingPolicy }, log: { info: () => undefined, warn: () => undefined, error: () => undefined }, clock: fixtureEvening });
    expect(await sender.runOnce()).toMatchObject({ sent: 3 });
    await sender.stop();
    const received = await smtp.waitFor(3);
    const exhausted = received.find((mail) => mail.subject === 'Monte ore di assistenza esaurito');
    const text = (exhausted?.text ?? '').replaceAll('\u00a0', ' ');
    expect(text).toContain('Le ore gratuite di assistenza: esaurite.');
    expect(text).toContain('a consuntivo (80,00 € + IVA all’ora');
    // The portal, where the customer buys a package or chooses how to go on.
    expect(text).toContain('https://assistenza.test/portal/#/pacchetti');
    const low = received.filter((mail) => mail.subject === 'Monte ore di assistenza quasi esaurito').map((mail) => mail.text ?? '');
    expect(low.join('\n')).toContain('restano 30 min su 3 h, meno del 20%');
    expect(low.join('\n')).toContain('Il pacchetto di 10 h prepagate (valido fino al 31 ottobre 2027): restano 1 h su 10 h');
  });
});
