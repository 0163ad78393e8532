import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { activityCatalog, addMonths, billingMonthOf, isActivityCode, price, romeDay, type BillingPolicy } from '../../shared/domain/index.ts';
import { averageMonthlyMinutes, consumptionWindow, fittingOfferId } from '../../shared/domain/package-fit.ts';
import { formatValidUntil } from '../../shared/format.ts';
import { newId } from '../../shared/ids.ts';
import { portalTicketPageSize, type portalTicketListQuerySchema, type PackageOffer, type PackageOrder, type PortalHours, type PortalTicket, type PortalTicketList } from '../../shared/portal-api/portal-api.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import { billingFiguresSchema } from '../../shared/sync/entities.ts';
import { customerFiguresOf } from '../../shared/model/customer-figures.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { writeAudit } from '../review/audit.repository.ts';
import type { PortalContact } from '../customer-auth/customer-auth.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import { intakeActor } from '../intake/intake-actor.ts';
import { recordChanges } from '../sync/change-log.ts';
import { readHourBank } from '../hour-bank/hour-bank.repository.ts';
import { enqueueMail } from '../mail/mail-outbox.repository.ts';
import { readCustomerRepairs } from '../repairs/customer-repairs.repository.ts';
import { readSupportCalendar } from '../calendar/calendar.repository.ts';
import { readPolicyOn } from '../billing/billing-policy.repository.ts';
import { handlingTimesOf } from '../../shared/review/handling-times.ts';
import { readPortalMessages } from '../conversation/conversation.service.ts';
import { workReportRowToWire } from '../../shared/work-report/work-report.ts';

type Db = Kysely<ServerDatabase>;

const notFound = () => new AppFailure('not_found', 'Richiesta non trovata.');

/** Every query here is scoped by the contact's customer: no id from the browser reaches another customer's rows. */
type TicketSelection = { ticketId: string } | { query: z.output<typeof portalTicketListQuerySchema> };

/** The customer's requests a selection names: one by id, or a page of the list (open or closed, matching words in number or subject). */
const selectedTickets = (db: Db, customerId: string, selection: TicketSelection) => {
  let query = db.selectFrom('tickets').where('customer_id', '=', customerId);
  if ('ticketId' in selection) return query.where('id', '=', selection.ticketId);
  const { stato, cerca } = selection.query;
  if (stato === 'aperte') query = query.where('status', '!=', 'closed');
  if (stato === 'chiuse') query = query.where('status', '=', 'closed');
  const words = cerca.trim().toLowerCase();
  if (words) {
    // LIKE's own characters are escaped, the same on both engines.
    const pattern = `%${words.replaceAll(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where((eb) => eb.or([sql<boolean>`lower(number) LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`lower(subject) LIKE ${pattern} ESCAPE '\\'`]));
  }
  return query;
};

const ticketsOf = async (db: Db, contact: PortalContact, now: Date, selection: TicketSelection): Promise<PortalTicket[]> => {
  let query = selectedTickets(db, contact.customerId, selection)
    .select(['id', 'number', 'subject', 'status', 'channel', 'priority', 'opened_at', 'taken_at', 'closed_at'])
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc');
  if ('query' in selection) query = query.limit(portalTicketPageSize).offset((selection.query.pagina - 1) * portalTicketPageSize);
  const tickets = await query.execute();
  const ticketId = 'ticketId' in selection ? selection.ticketId : undefined;
  if (tickets.length === 0) return [];
  const calendar = await readSupportCalendar(db);
  const interventions = await db
    .selectFrom('interventions')
    .select(['ticket_id', 'started_at', 'mode', 'activity', 'status', 'billing_json'])
    .where('ticket_id', 'in', tickets.map((ticket) => ticket.id))
    .orderBy('started_at')
    .execute();
  const messages = await readPortalMessages(db, contact.customerId, tickets.map((ticket) => ticket.id));
  const reports = ticketId ? (await db.selectFrom('work_reports').selectAll().where('ticket_id', '=', ticketId).orderBy('version').execute()).map(workReportRowToWire) : [];
  return tickets.map((ticket) => ({
    // The list carries each request's last answer only; the request's own page the whole thread.
    messages: ticketId ? (messages.get(ticket.id) ?? []) : (messages.get(ticket.id) ?? []).slice(-1),
    workReports: reports.map((report) => ({
      id: report.id,
      version: report.version,
      createdAt: report.createdAt,
      signedBy: report.signature.kind === 'signed' ? report.signature.signerName : null,
      declinedReason: report.signature.kind === 'declined' ? report.signature.reason : null,
    })),
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    channel: ticket.channel,
    openedAt: ticket.opened_at,
    closedAt: ticket.closed_at,
    handling: handlingTimesOf({ priority: ticket.priority, openedAt: ticket.opened_at, takenAt: ticket.taken_at, closedAt: ticket.closed_at }, now, calendar),
    interventions: interventions
      .filter((row) => row.ticket_id === ticket.id)
      .map((row) => {
        const billing = row.billing_json ? billingFiguresSchema.parse(JSON.parse(row.billing_json)) : null;
        return {
          startedAt: row.started_at,
          mode: row.mode,
          activity: isActivityCode(row.activity) ? activityCatalog[row.activity].label : row.activity,
          running: row.status !== 'stopped',
          figures: billing ? customerFiguresOf(billing) : null,
        };
      }),
  }));
};

export const listPortalTickets = async (db: Db, contact: PortalContact, now: Date, query: z.output<typeof portalTicketListQuerySchema>): Promise<PortalTicketList> => {
  const [tickets, count] = await Promise.all([
    ticketsOf(db, contact, now, { query }),
    selectedTickets(db, contact.customerId, { query }).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { tickets, total: Number(count.total), page: query.pagina, pageSize: portalTicketPageSize };
};

export const listPortalRepairs = async (db: Db, contact: PortalContact) => ({ repairs: await readCustomerRepairs(db, { customerId: contact.customerId }) });

export const getPortalTicket = async (db: Db, contact: PortalContact, ticketId: string, now: Date): Promise<PortalTicket> => {
  const [ticket] = await ticketsOf(db, contact, now, { ticketId });
  if (!ticket) throw notFound();
  return ticket;
};

/** Residual hours per pot straight from the ledger, the billing preference, and the notices sent. */
export const readPortalHours = async (db: Db, contact: PortalContact, now: Date): Promise<PortalHours> => {
  const { customerId: _customerId, ...bank } = await readHourBank(db, contact.customerId);
  const [customer, notices] = await Promise.all([
    db.selectFrom('customers').select('billing_preference').where('id', '=', contact.customerId).executeTakeFirstOrThrow(),
    db.selectFrom('hour_bank_notices').select(['pot', 'threshold', 'created_at']).where('customer_id', '=', contact.customerId).orderBy('created_at', 'desc').limit(20).execute(),
  ]);
  return {
    ...bank,
    preference: customer.billing_preference ?? null,
    hourlyRateCents: (await readPolicyOn(db, romeDay(now))).hourlyRateCents,
    notices: notices.map((row) => ({ pot: row.pot.startsWith('free:') ? 'free' : 'package', threshold: row.threshold, createdAt: row.created_at })),
  };
};

const offerPrice = (minutes: number, rateCents: number, policy: BillingPolicy) => price(minutes, { ...policy, hourlyRateCents: rateCents });

export const listOffers = async (db: Db, policy: BillingPolicy, includeInactive = false): Promise<{ offers: Array<PackageOffer & { active: boolean }> }> => {
  let query = db.selectFrom('package_offers').selectAll().orderBy('minutes');
  if (!includeInactive) query = query.where('active', '=', 1);
  const rows = await query.execute();
  return {
    offers: rows.map((row) => ({ id: row.id, name: row.name, minutes: row.minutes, rateCents: row.rate_cents, validityMonths: row.validity_months, active: row.active === 1, ...offerPrice(row.minutes, row.rate_cents, policy) })),
  };
};

const toOrder = (row: ServerDatabase['package_orders'] & { offer_name: string }): PackageOrder => ({
  id: row.id,
  offerName: row.offer_name,
  minutes: row.minutes,
  grossCents: row.gross_cents,
  status: row.status,
  createdAt: row.created_at,
  decidedAt: row.decided_at,
});

const ordersQuery = (db: Db) => db.selectFrom('package_orders').innerJoin('package_offers', 'package_offers.id', 'package_orders.offer_id').selectAll('package_orders').select('package_offers.name as offer_name');

export const listPortalOrders = async (db: Db, contact: PortalContact) => ({
  orders: (await ordersQuery(db).where('package_orders.customer_id', '=', contact.customerId).orderBy('package_orders.created_at', 'desc').execute()).map(toOrder),
});

const queueText = (trx: Db, mail: { customerId: string; recipient: string; subject: string; body: string; at: string }) =>
  enqueueMail(trx, { kind: 'text', ticketId: null, ...mail });

/** A customer orders a package from the price list: pending until an admin confirms the payment. */
export const placeOrder = async (db: Db, contact: PortalContact, offerId: string, policy: BillingPolicy, now: Date): Promise<PackageOrder> => {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const offer = await trx.selectFrom('package_offers').selectAll().where('id', '=', offerId).where('active', '=', 1).executeTakeFirst();
    if (!offer) throw new AppFailure('not_found', 'Pacchetto non disponibile: il listino è cambiato, ricarichi la pagina.');
    const amounts = offerPrice(offer.minutes, offer.rate_cents, policy);
    const row = {
      id: newId(),
      customer_id: contact.customerId,
      contact_id: contact.contactId,
      offer_id: offer.id,
      minutes: offer.minutes,
      rate_cents: offer.rate_cents,
      validity_months: offer.validity_months,
      net_cents: amounts.netCents,
      vat_cents: amounts.vatCents,
      gross_cents: amounts.grossCents,
      status: 'pending' as const,
      created_at: at,
      decided_at: null,
      decided_by: null,
      package_id: null,
    };
    await trx.insertInto('package_orders').values(row).execute();
    await writeAudit(trx, null, { entity: 'package_order', entityId: row.id, action: 'portal.order', before: null, after: { offer: offer.name, contact: contact.email, grossCents: row.gross_cents }, reason: 'Ordine dal portale' }, at);
    await queueText(trx, {
      customerId: contact.customerId,
      recipient: contact.email,
      subject: `Ordine ricevuto: ${offer.name}`,
      body: `Gentile ${contact.name},\n\nabbiamo ricevuto l’ordine del pacchetto «${offer.name}». Sarà attivo appena registrato il pagamento: glielo confermeremo per e-mail.\n`,
      at,
    });
    return toOrder({ ...row, offer_name: offer.name });
  });
};

export const setBillingPreference = async (db: Db, contact: PortalContact, preference: 'packages' | 'consuntivo', now: Date) => {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('customers').select('billing_preference').where('id', '=', contact.customerId).executeTakeFirstOrThrow();
    await trx.updateTable('customers').set({ billing_preference: preference }).where('id', '=', contact.customerId).execute();
    // The consoles learn the choice with the customer row: the card shows it to whoever calls.
    await recordChanges(trx, [{ entity: 'customer', id: contact.customerId }], now);
    await writeAudit(trx, null, { entity: 'customer', entityId: contact.customerId, action: 'portal.preference', before: before.billing_preference ?? null, after: preference, reason: `Scelta di ${contact.email} dal portale` }, now.toISOString());
  });
  return { preference };
};

/** The portal's request form: a ticket of channel «Modulo online», opened like any other and synced to the queue. */
export const openPortalRequest = async (
  db: Db,
  contact: PortalContact,
  input: { subject: string; description: string; blocking: boolean },
  now: Date,
  timePolicy: TimePolicy,
): Promise<{ ticketId: string; number: string }> => {
  const id = newId();
  const number = `W-${now.toISOString().slice(2, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`;
  const parsed = parseCommand('ticket.create', {
    id,
    number,
    customerId: contact.customerId,
    channel: 'web_form',
    subject: input.subject,
    description: `${input.description}\n\n— Richiesta dal portale di ${contact.name} (${contact.email})`.trim(),
    priority: input.blocking ? 'P2' : 'P3',
    blocking: input.blocking,
    openedAt: now.toISOString(),
  });
  if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
  await db.transaction().execute(async (trx) => {
    const refs = await executeCommand(trx, intakeActor, parsed.command, now, timePolicy);
    await recordChanges(trx, refs, now);
  });
  return { ticketId: id, number };
};

/** Staff: the team's price list. */
export const setOffer = async (db: Db, user: AuthenticatedUser, offer: { id: string; name: string; minutes: number; rateCents: number; validityMonths: number; active: boolean }, now: Date) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Il listino dei pacchetti è gestito dai team leader e dagli amministratori.');
  const values = { name: offer.name, minutes: offer.minutes, rate_cents: offer.rateCents, validity_months: offer.validityMonths, active: offer.active ? 1 : 0, updated_at: now.toISOString() };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('package_offers').values({ id: offer.id, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    await writeAudit(trx, user.id, { entity: 'package_offer', entityId: offer.id, action: 'portal.offer', before: null, after: offer, reason: 'Listino dei pacchetti' }, now.toISOString());
  });
  return { id: offer.id };
};

/** Staff: orders waiting for payment, every customer. */
export const listPendingOrders = async (db: Db, user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Gli ordini sono gestiti dai team leader e dagli amministratori.');
  const rows = await ordersQuery(db).innerJoin('customers', 'customers.id', 'package_orders.customer_id').select(['customers.name as customer_name', 'customers.code as customer_code']).where('package_orders.status', '=', 'pending').orderBy('package_orders.created_at').execute();
  return { orders: rows.map((row) => ({ ...toOrder(row), customerName: row.customer_name, customerCode: row.customer_code })) };
};

/**
 * Staff: the payment arrived. The package is registered through the same `hourBank.registerPackage`
 * command a lead uses at the desk (ledger, audit, sync), valid from today for the offer's months,
 * and the customer is told.
 */
export const confirmOrder = async (db: Db, user: AuthenticatedUser, orderId: string, now: Date, timePolicy: TimePolicy) => {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Gli ordini sono gestiti dai team leader e dagli amministratori.');
    // Two admins confirming at once: the second waits here and finds it decided.
    const order = await lockedIf(trx.selectFrom('package_orders').selectAll().where('id', '=', orderId), canLockRows(trx)).executeTakeFirst();
    if (!order) throw new AppFailure('not_found', 'Ordine non trovato.');
    if (order.status !== 'pending') throw new AppFailure('conflict', 'Ordine già deciso.');
    const today = romeDay(now);
    const packageId = newId();
    const parsed = parseCommand('hourBank.registerPackage', {
      id: packageId,
      customerId: order.customer_id,
      minutes: order.minutes,
      rateCents: order.rate_cents,
      purchasedOn: today,
      expiresOn: addMonths(today, order.validity_months),
    });
    if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
    const refs = await executeCommand(trx, { id: user.id, role: user.role }, parsed.command, now, timePolicy);
    await trx.updateTable('package_orders').set({ status: 'confirmed', decided_at: at, decided_by: user.id, package_id: packageId }).where('id', '=', orderId).execute();
    await recordChanges(trx, refs, now);
    const contact = await trx.selectFrom('customer_contacts').select(['email', 'name']).where('id', '=', order.contact_id).executeTakeFirstOrThrow();
    await queueText(trx, {
      customerId: order.customer_id,
      recipient: contact.email,
      subject: 'Pacchetto di ore attivo',
      body: `Gentile ${contact.name},\n\nil pagamento è registrato: il pacchetto di ${order.minutes / 60} ore è attivo da oggi ed è valido ${formatValidUntil(addMonths(today, order.validity_months))}. Le ore residue sono sempre visibili nel portale.\n`,
      at,
    });
    return { id: orderId, status: 'confirmed' as const, packageId };
  });
};

export const cancelOrder = async (db: Db, user: AuthenticatedUser, orderId: string, now: Date) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Gli ordini sono gestiti dai team leader e dagli amministratori.');
  const updated = await db.updateTable('package_orders').set({ status: 'cancelled', decided_at: now.toISOString(), decided_by: user.id }).where('id', '=', orderId).where('status', '=', 'pending').executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppFailure('conflict', 'Ordine inesistente o già deciso.');
  return { id: orderId, status: 'cancelled' as const };
};

/**
 * Billed minutes per month on average over the last six whole months (`shared/domain/package-fit.ts`),
 * per customer: one grouped query over the billing entries (reversals included).
 */
export const readMonthlyConsumption = async (db: Db, now: Date, customerId?: string): Promise<Map<string, number>> => {
  const window = consumptionWindow(billingMonthOf(now));
  let query = db
    .selectFrom('billing_entries')
    .select(['customer_id', (eb) => eb.fn.sum<number>('billed_minutes').as('minutes')])
    .where('work_at', '>=', window.from)
    .where('work_at', '<', window.to)
    .groupBy('customer_id');
  if (customerId) query = query.where('customer_id', '=', customerId);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.customer_id, averageMonthlyMinutes(Number(row.minutes))]));
};

/** The customer's price list with their consumption and the offer that covers it. */
export const listPortalOffers = async (db: Db, contact: PortalContact, policy: BillingPolicy, now: Date) => {
  const { offers } = await listOffers(db, policy);
  const average = (await readMonthlyConsumption(db, now, contact.customerId)).get(contact.customerId) ?? 0;
  return { offers, averageMonthlyMinutes: average, fittingOfferId: fittingOfferId(offers, average) };
};

/** Staff: every customer with billed work in the window, biggest consumers first, with the offer that fits each. */
export const listCustomerConsumption = async (db: Db, user: AuthenticatedUser, policy: BillingPolicy, now: Date) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Il listino dei pacchetti è gestito dai team leader e dagli amministratori.');
  const [consumption, { offers }] = await Promise.all([readMonthlyConsumption(db, now), listOffers(db, policy)]);
  const ids = [...consumption.entries()].filter(([, minutes]) => minutes > 0).map(([id]) => id);
  const customers = ids.length === 0 ? [] : await db.selectFrom('customers').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
  return {
    customers: customers
      .map((customer) => {
        const average = consumption.get(customer.id) ?? 0;
        const fitting = fittingOfferId(offers, average);
        return { customerId: customer.id, code: customer.code, name: customer.name, averageMonthlyMinutes: average, fittingOfferName: offers.find((offer) => offer.id === fitting)?.name ?? null };
      })
      .sort((a, b) => b.averageMonthlyMinutes - a.averageMonthlyMinutes || a.code.localeCompare(b.code)),
  };
};
