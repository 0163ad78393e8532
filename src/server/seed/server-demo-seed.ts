import { generateDemoData, type DemoDataOptions } from '../../shared/demo/demo-data.ts';
import { newId } from '../../shared/ids.ts';
import { hashPassword, recommendedPasswordCost, type PasswordCost } from '../auth/password.ts';
import type { ServerDb } from '../db/server-database.ts';
import { recordChanges } from '../sync/change-log.ts';
import { type ChangeRef } from '../db/change-ref.ts';
import { evaluateInterventionBilling } from '../billing/billing.service.ts';
import { runImport } from '../import/import.service.ts';
import { describeImportProblem, type ImportKind } from '../../shared/import/import-kinds.ts';
import { addDays } from '../../shared/domain/calendar-day.ts';

export const demoPassword = 'presidio-demo';
export const demoContactEmail = 'cliente.demo@presidio.example';
const demoOffers = [
  { name: 'Pacchetto 10 ore', hours: 10, rateCents: 7200 },
  { name: 'Pacchetto 20 ore', hours: 20, rateCents: 6800 },
  { name: 'Pacchetto 50 ore', hours: 50, rateCents: 6400 },
];

/**
 * Loads the shared demo data (the console's `seed:demo` uses the same generator) with demo
 * users who can log in, and records every row in the change log so consoles pull it.
 */
export const seedServerDemo = async (
  server: ServerDb,
  options: DemoDataOptions & { passwordCost?: PasswordCost } = {},
): Promise<{ users: Array<{ email: string; role: string }>; tickets: number; contact: { email: string; customerName: string } }> => {
  const existing = await server.db.selectFrom('tickets').select('id').limit(1).execute();
  if (existing.length > 0) throw new Error('Il database del server contiene già dei dati: i dati demo si caricano solo su un database vuoto.');
  const data = generateDemoData(options);
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const passwordHash = await hashPassword(demoPassword, options.passwordCost ?? recommendedPasswordCost);
  const refs: ChangeRef[] = [];
  const ticketsPerCustomer = new Map<string, number>();
  for (const ticket of data.tickets) ticketsPerCustomer.set(ticket.customerId, (ticketsPerCustomer.get(ticket.customerId) ?? 0) + 1);
  const busiest = [...data.customers].sort((a, b) => (ticketsPerCustomer.get(b.id) ?? 0) - (ticketsPerCustomer.get(a.id) ?? 0))[0];
  const lead = data.users.find((user) => user.role === 'team_lead') ?? data.users[0];
  if (!busiest || !lead) throw new Error('Dati demo senza clienti o utenti.');
  const chunked = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
  };

  // The customer base goes in the way a desk's own does: through the import, from the files an
  // office would export (each file all or nothing; a second run after a failure changes nothing).
  const day = (value: string) => `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((row) => row.join(';')).join('\r\n'));
  const codeOf = new Map(data.customers.map((customer) => [customer.id, customer.code]));
  const files: Array<[ImportKind, string[][]]> = [
    ['clienti', [['codice', 'ragione_sociale', 'partita_iva', 'comune', 'telefono', 'email'], ...data.customers.map((c) => [c.code, c.name, c.vatNumber, c.city, c.phone, c.email])]],
    ['contratti', [['codice_cliente', 'tipo', 'dal', 'al'], ...data.contracts.map((c) => [codeOf.get(c.customerId) ?? '', c.kind === 'extended' ? 'j-system' : 'standard', day(c.validFrom), c.validTo ? day(c.validTo) : ''])]],
    ['dispositivi', [['codice_cliente', 'seriale', 'modello', 'data_acquisto', 'mesi_garanzia'], ...data.devices.map((d) => [codeOf.get(d.customerId) ?? '', d.serial, d.model, day(d.purchaseDate), String(d.warrantyMonths)])]],
    [
      'monte-ore',
      [
        ['codice_cliente', 'tipo', 'ore', 'acquistato_il', 'scade_il', 'riferimento'],
        ...data.customers.filter((c) => c.freeMinutes > 0).map((c) => [c.code, 'gratuite', String(c.freeMinutes / 60), '', '', 'DEMO-GRATUITE']),
        // The file says the last day a package applies; the hour bank keeps the first day it no longer does.
        ...data.packages.map((p, index) => [codeOf.get(p.customerId) ?? '', 'pacchetto', String(p.minutes / 60), day(p.purchasedOn), p.expiresOn ? day(addDays(p.expiresOn, -1)) : '', `DEMO-PK-${index + 1}`]),
      ],
    ],
  ];
  for (const [kind, rows] of files) {
    const report = await runImport(server, { kind, fileName: `demo-${kind}.csv`, bytes: csv(rows), dryRun: false, actorId: null, via: 'dati dimostrativi', now });
    if (report.refused > 0) throw new Error(`Dati demo rifiutati dall’import (${kind}): ${report.problems.map(describeImportProblem).join('; ')}`);
  }
  const imported = await server.db.selectFrom('customers').select(['id', 'code']).execute();
  const importedId = new Map(imported.map((row) => [row.code, row.id]));
  const customerIdOf = (generatedId: string) => importedId.get(codeOf.get(generatedId) ?? '') ?? generatedId;
  const busiestId = customerIdOf(busiest.id);

  await server.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values(
        data.users.map((user) => ({
          id: user.id,
          email: user.email,
          display_name: user.displayName,
          role: user.role,
          password_hash: passwordHash,
          disabled: 0,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    refs.push(...data.users.map((user) => ({ entity: 'user' as const, id: user.id })));
    await chunked(data.tickets, (chunk) =>
      trx
        .insertInto('tickets')
        .values(
          chunk.map((t) => ({
            id: t.id,
            number: t.number,
            customer_id: customerIdOf(t.customerId),
            channel: t.channel,
            subject: t.subject,
            description: t.description,
            priority: t.priority,
            status: t.status,
            blocking: t.blocking ? 1 : 0,
            cause: t.cause,
            resolution: t.resolution,
            assignee_id: t.assigneeId,
            created_by: null,
            opened_at: t.openedAt,
            updated_at: t.updatedAt,
            closed_at: t.closedAt,
          })),
        )
        .execute(),
    );
    refs.push(...data.tickets.map((t) => ({ entity: 'ticket' as const, id: t.id })));
    await chunked(data.interventions, (chunk) =>
      trx
        .insertInto('interventions')
        .values(
          chunk.map((i) => ({
            id: i.id,
            ticket_id: i.ticketId,
            technician_id: i.technicianId,
            device_id: null,
            mode: i.mode,
            activity: i.activity,
            backup_check: 'confirmed' as const,
            status: i.status,
            notes: '',
            approved: 0,
            started_at: i.startedAt,
            stopped_at: i.stoppedAt,
            billing_json: null,
            created_at: i.startedAt,
            updated_at: i.segment.endedAt,
          })),
        )
        .execute(),
    );
    await chunked(data.interventions, (chunk) =>
      trx
        .insertInto('timer_segments')
        .values(chunk.map((i) => ({ id: i.segment.id, intervention_id: i.id, started_at: i.segment.startedAt, ended_at: i.segment.endedAt, awaiting_confirmation: 0 })))
        .execute(),
    );
    refs.push(...data.interventions.flatMap((i) => [{ entity: 'intervention' as const, id: i.id }, { entity: 'timer_segment' as const, id: i.segment.id }]));
    // Finished work is evaluated by the API as it would have been when it stopped, oldest first
    // (hours are drawn in that order): the demo shows real classifications and amounts.
    const finished = data.interventions.filter((i) => i.status === 'stopped').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (const intervention of finished) {
      refs.push(...(await evaluateInterventionBilling(trx, { interventionId: intervention.id, actorId: null, reason: 'Dati dimostrativi', now })));
    }
    await recordChanges(trx, refs, now);
    // The customer portal: the team's price list and a contact of the busiest customer, signed in with the demo password.
    await trx
      .insertInto('package_offers')
      .values(demoOffers.map((offer) => ({ id: newId(), name: offer.name, minutes: offer.hours * 60, rate_cents: offer.rateCents, validity_months: 12, active: 1, updated_at: at })))
      .execute();
    await trx
      .insertInto('customer_contacts')
      .values({ id: newId(), customer_id: busiestId, email: demoContactEmail, name: 'Referente demo', password_hash: passwordHash, invite_hash: null, invite_expires_at: null, invited_by: lead.id, created_at: at, activated_at: at, disabled: 0 })
      .execute();
  });
  return { users: data.users.map((user) => ({ email: user.email, role: user.role })), tickets: data.tickets.length, contact: { email: demoContactEmail, customerName: busiest.name } };
};
