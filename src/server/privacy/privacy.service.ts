import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppFailure } from '../../shared/result.ts';
import { assertAdmin, type Actor } from '../../shared/sync/rules.ts';
import type { ServerDb } from '../db/server-database.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { recordChanges } from '../sync/change-log.ts';
import { throttleKey } from '../auth/login-throttle.ts';

type Db = Kysely<ServerDatabase>;
type Trx = Transaction<ServerDatabase>;

/** Everything the desk holds about a customer or one of its contacts, as one JSON document. */
export type PersonalDataExport = {
  exportedAt: string;
  subject: { kind: 'customer' | 'contact'; id: string; name: string };
  sections: Array<{ title: string; rows: Array<Record<string, unknown>> }>;
};

const mentioning = (column: 'description' | 'body' | 'after_json' | 'before_json' | 'reason', needle: string) => sql<boolean>`${sql.ref(column)} LIKE ${`%${needle.replace(/[\\%_]/g, (char) => `\\${char}`)}%`} ESCAPE '\\'`;

/**
 * The export an admin gives a person who asks what the desk holds about them (GDPR art. 15):
 * for a contact, their account, orders, the requests they sent, the mail sent to them and the
 * audit lines naming them; for a customer, all that for each contact plus the master data,
 * contracts, devices, tickets and work, repairs, hours and billing entries.
 */
export const exportPersonalData = async (db: Db, actor: Actor, subject: { customerId: string } | { contactId: string }, now: Date): Promise<PersonalDataExport> => {
  assertAdmin(actor, 'esportare i dati personali');
  const sections: PersonalDataExport['sections'] = [];
  const contactSections = async (contactId: string) => {
    const contact = await db.selectFrom('customer_contacts').select(['id', 'customer_id', 'name', 'email', 'created_at', 'activated_at', 'disabled']).where('id', '=', contactId).executeTakeFirst();
    if (!contact) throw new AppFailure('not_found', 'Contatto non trovato.');
    sections.push({ title: `Contatto ${contact.name}`, rows: [{ ...contact, disabled: contact.disabled === 1 }] });
    sections.push({ title: `Ordini dal portale di ${contact.name}`, rows: await db.selectFrom('package_orders').select(['id', 'minutes', 'gross_cents', 'status', 'created_at', 'decided_at']).where('contact_id', '=', contact.id).execute() });
    sections.push({ title: `Richieste inviate da ${contact.name}`, rows: await db.selectFrom('tickets').select(['number', 'subject', 'description', 'status', 'opened_at', 'closed_at']).where(mentioning('description', contact.email)).execute() });
    sections.push({
      title: `Messaggi scritti da ${contact.name}`,
      rows: await db.selectFrom('ticket_messages').innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id').select(['tickets.number', 'ticket_messages.source', 'ticket_messages.body', 'ticket_messages.attachments_json', 'ticket_messages.written_at']).where('ticket_messages.contact_id', '=', contact.id).orderBy('ticket_messages.written_at').execute(),
    });
    sections.push({ title: `E-mail inviate a ${contact.email}`, rows: await db.selectFrom('mail_outbox').select(['id', 'subject', 'body', 'status', 'created_at', 'sent_at']).where('recipient', '=', contact.email).execute() });
    sections.push({ title: `Registro modifiche che nomina ${contact.email}`, rows: await db.selectFrom('audit_log').select(['action', 'created_at', 'reason', 'after_json']).where((eb) => eb.or([mentioning('after_json', contact.email), mentioning('reason', contact.email)])).execute() });
    return contact;
  };
  if ('contactId' in subject) {
    const contact = await contactSections(subject.contactId);
    return { exportedAt: now.toISOString(), subject: { kind: 'contact', id: contact.id, name: contact.name }, sections };
  }
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', subject.customerId).executeTakeFirst();
  if (!customer) throw new AppFailure('not_found', 'Cliente non trovato.');
  sections.push({ title: 'Anagrafica', rows: [customer] });
  sections.push({ title: 'Contratti', rows: await db.selectFrom('contracts').selectAll().where('customer_id', '=', customer.id).execute() });
  sections.push({ title: 'Dispositivi', rows: await db.selectFrom('devices').select(['serial', 'model', 'purchase_date', 'warranty_months']).where('customer_id', '=', customer.id).execute() });
  sections.push({ title: 'Ticket', rows: await db.selectFrom('tickets').select(['number', 'channel', 'subject', 'description', 'status', 'resolution', 'opened_at', 'closed_at']).where('customer_id', '=', customer.id).orderBy('opened_at').execute() });
  sections.push({
    title: 'Interventi',
    rows: await db
      .selectFrom('interventions')
      .innerJoin('tickets', 'tickets.id', 'interventions.ticket_id')
      .select(['tickets.number', 'interventions.mode', 'interventions.activity', 'interventions.notes', 'interventions.started_at', 'interventions.stopped_at'])
      .where('tickets.customer_id', '=', customer.id)
      .orderBy('interventions.started_at')
      .execute(),
  });
  sections.push({ title: 'Riparazioni', rows: await db.selectFrom('repairs').select(['reported_defect', 'diagnosis', 'status', 'received_on']).where('customer_id', '=', customer.id).execute() });
  sections.push({
    title: 'Valutazioni',
    rows: await db.selectFrom('feedback_requests').innerJoin('tickets', 'tickets.id', 'feedback_requests.ticket_id').select(['tickets.number', 'feedback_requests.rating', 'feedback_requests.comment', 'feedback_requests.submitted_at']).where('tickets.customer_id', '=', customer.id).where('feedback_requests.submitted_at', 'is not', null).execute(),
  });
  sections.push({ title: 'Monte ore', rows: await db.selectFrom('hour_bank_ledger').select(['entry_type', 'source', 'minutes', 'reason', 'created_at']).where('customer_id', '=', customer.id).orderBy('created_at').execute() });
  sections.push({ title: 'Addebiti', rows: await db.selectFrom('billing_entries').select(['work_at', 'activity', 'billed_minutes', 'net_cents', 'vat_cents', 'gross_cents', 'description']).where('customer_id', '=', customer.id).orderBy('work_at').execute() });
  sections.push({
    title: 'Conversazioni sulle richieste (note interne comprese)',
    rows: await db
      .selectFrom('ticket_messages')
      .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
      .select(['tickets.number', 'ticket_messages.author_kind', 'ticket_messages.author_name', 'ticket_messages.visibility', 'ticket_messages.source', 'ticket_messages.body', 'ticket_messages.quoted', 'ticket_messages.attachments_json', 'ticket_messages.written_at'])
      .where('tickets.customer_id', '=', customer.id)
      .orderBy('ticket_messages.written_at')
      .execute(),
  });
  sections.push({
    title: 'Rapportini d’intervento firmati (nome di chi firma, impronta)',
    rows: (await db.selectFrom('work_reports').innerJoin('tickets', 'tickets.id', 'work_reports.ticket_id').select(['tickets.number', 'work_reports.version', 'work_reports.signature_json', 'work_reports.content_hash', 'work_reports.created_at']).where('tickets.customer_id', '=', customer.id).orderBy('work_reports.created_at').execute()).map(
      ({ signature_json, ...row }) => {
        const signature = JSON.parse(signature_json) as { kind: string; signerName?: string; reason?: string };
        return { ...row, firmato_da: signature.signerName ?? null, rifiuto: signature.reason ?? null };
      },
    ),
  });
  sections.push({ title: 'E-mail da smistare dagli indirizzi del cliente', rows: customer.email ? await db.selectFrom('unsorted_mail').select(['sender', 'subject', 'body', 'received_at']).where('sender', '=', customer.email.toLowerCase()).execute() : [] });
  sections.push({ title: 'E-mail al cliente', rows: await db.selectFrom('mail_outbox').select(['recipient', 'subject', 'status', 'created_at', 'sent_at']).where('customer_id', '=', customer.id).execute() });
  for (const contact of await db.selectFrom('customer_contacts').select('id').where('customer_id', '=', customer.id).execute()) await contactSections(contact.id);
  return { exportedAt: now.toISOString(), subject: { kind: 'customer', id: customer.id, name: customer.name }, sections };
};

/** Text with every occurrence of the person's name and address replaced (plain and JSON-escaped). */
const scrub = (text: string | null, pairs: ReadonlyArray<readonly [string, string]>): string | null => {
  if (text === null) return null;
  let result = text;
  for (const [from, to] of pairs) {
    result = result.replaceAll(from, to);
    const escaped = JSON.stringify(from).slice(1, -1);
    if (escaped !== from) result = result.replaceAll(escaped, JSON.stringify(to).slice(1, -1));
  }
  return result;
};

/**
 * The audit log is append-only; erasing a person is the one change its rows may undergo, inside
 * this transaction only: the guard is lifted, the named rows rewritten, the guard put back.
 */
const rewriteAuditRows = async (trx: Trx, dialect: ServerDb['dialect'], rows: ReadonlyArray<{ id: string; before_json: string | null; after_json: string | null; reason: string | null }>) => {
  if (rows.length === 0) return;
  if (dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(trx);
  else await sql`DROP TRIGGER audit_log_no_update`.execute(trx);
  for (const row of rows) await trx.updateTable('audit_log').set({ before_json: row.before_json, after_json: row.after_json, reason: row.reason }).where('id', '=', row.id).execute();
  if (dialect === 'postgres') await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(trx);
  else await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only table audit_log'); END`.execute(trx);
};

/**
 * Erases a customer's contact on request (GDPR art. 17): their name and address are replaced
 * wherever the API holds them (the account, the requests they signed, the mail sent to them and
 * its `.eml` copies, the audit lines naming them, the throttle's keys), the account can no longer
 * sign in; orders, tickets and billing stay, with their amounts (kept ten years). Consoles receive
 * the rewritten requests at their next sync. On SQLite the freed bytes are zeroed and the WAL
 * emptied, so the old text is gone from the files too. Audited without naming the person.
 */
export const eraseContact = async (
  server: ServerDb,
  actor: Actor,
  input: { contactId: string; reason: string },
  now: Date,
  options: { mailFolder: string | null; attachmentFolder?: string },
): Promise<{ tickets: number; mails: number; auditLines: number; messages: number; files: number }> => {
  assertAdmin(actor, 'cancellare i dati personali');
  const at = now.toISOString();
  const outcome = await server.db.transaction().execute(async (trx) => {
    const contact = await trx.selectFrom('customer_contacts').selectAll().where('id', '=', input.contactId).executeTakeFirst();
    if (!contact) throw new AppFailure('not_found', 'Contatto non trovato.');
    if (contact.email.endsWith('@cancellato.invalid')) throw new AppFailure('conflict', 'Il contatto è già stato cancellato.');
    const label = `Contatto cancellato ${contact.id.slice(-6)}`;
    const address = `cancellato-${contact.id.slice(-12)}@cancellato.invalid`;
    const pairs = [[contact.email, address], [contact.name, label]] as const;
    await trx.updateTable('customer_contacts').set({ name: label, email: address, password_hash: null, activated_at: null, invite_hash: null, invite_expires_at: null, disabled: 1 }).where('id', '=', contact.id).execute();
    await trx.deleteFrom('portal_sessions').where('contact_id', '=', contact.id).execute();
    await trx.deleteFrom('password_links').where('account', '=', 'customer').where('account_id', '=', contact.id).execute();
    await trx.deleteFrom('login_failures').where('key', 'in', [throttleKey(`contact:${contact.email}`), throttleKey(`reset-customer:${contact.email}`)]).execute();
    const refs: ChangeRef[] = [];
    // Their own customer's requests that name them (signed from the portal, or noted by the desk).
    const tickets = await trx.selectFrom('tickets').select(['id', 'description', 'subject']).where('customer_id', '=', contact.customer_id).where((eb) => eb.or([mentioning('description', contact.email), mentioning('description', contact.name)])).execute();
    for (const ticket of tickets) {
      await trx.updateTable('tickets').set({ description: scrub(ticket.description, pairs) ?? '', updated_at: at }).where('id', '=', ticket.id).execute();
      refs.push({ entity: 'ticket', id: ticket.id });
    }
    // What they wrote on requests (portal, mail): text rewritten, quoted history and files dropped.
    const messages = await trx.selectFrom('ticket_messages').select(['id', 'body', 'attachments_json']).where('contact_id', '=', contact.id).execute();
    const files = new Set<string>();
    for (const message of messages) {
      for (const attachment of JSON.parse(message.attachments_json) as Array<{ sha256: string }>) files.add(attachment.sha256);
      await trx.updateTable('ticket_messages').set({ author_name: label, body: scrub(message.body, pairs) ?? '', quoted: null, attachments_json: '[]' }).where('id', '=', message.id).execute();
      refs.push({ entity: 'ticket_message', id: message.id });
    }
    await trx.updateTable('inbound_mail').set({ sender: address }).where('sender', '=', contact.email).execute();
    const strayMail = await trx.selectFrom('unsorted_mail').select(['id', 'attachments_json']).where('sender', '=', contact.email).execute();
    for (const mail of strayMail) for (const attachment of JSON.parse(mail.attachments_json) as Array<{ sha256: string }>) files.add(attachment.sha256);
    await trx.updateTable('unsorted_mail').set({ sender: address, sender_name: label, subject: '(cancellato)', body: '(cancellato)', quoted: null, attachments_json: '[]' }).where('sender', '=', contact.email).execute();
    // A file goes when nothing else refers to it any more (the same photo may sit in a colleague's message).
    const orphans: string[] = [];
    for (const sha256 of files) {
      const used =
        (await trx.selectFrom('ticket_messages').select('id').where('attachments_json', 'like', `%"${sha256}"%`).limit(1).executeTakeFirst()) ??
        (await trx.selectFrom('unsorted_mail').select('id').where('attachments_json', 'like', `%"${sha256}"%`).limit(1).executeTakeFirst());
      if (!used) orphans.push(sha256);
    }
    if (orphans.length > 0) await trx.deleteFrom('attachments').where('sha256', 'in', orphans).execute();
    const mails = await trx.selectFrom('mail_outbox').select(['id', 'recipient', 'subject', 'body', 'payload_json']).where('recipient', '=', contact.email).execute();
    for (const mail of mails)
      await trx.updateTable('mail_outbox').set({ recipient: address, subject: scrub(mail.subject, pairs), body: scrub(mail.body, pairs), payload_json: scrub(mail.payload_json, pairs) }).where('id', '=', mail.id).execute();
    const audit = await trx
      .selectFrom('audit_log')
      .select(['id', 'before_json', 'after_json', 'reason'])
      // Lines about this contact or carrying their address; never a name alone across the whole log,
      // which would rewrite a colleague's or another customer's homonym.
      .where((eb) =>
        eb.or([
          eb.and([eb('entity', '=', 'customer_contact'), eb('entity_id', '=', contact.id)]),
          mentioning('after_json', contact.email),
          mentioning('before_json', contact.email),
          mentioning('reason', contact.email),
        ]),
      )
      .execute();
    await rewriteAuditRows(trx, server.dialect, audit.map((row) => ({ id: row.id, before_json: scrub(row.before_json, pairs), after_json: scrub(row.after_json, pairs), reason: scrub(row.reason, pairs) })));
    await recordChanges(trx, refs, now);
    await writeAudit(trx, actor.id, { entity: 'customer_contact', entityId: contact.id, action: 'privacy.erase', before: null, after: { tickets: tickets.length, messages: messages.length, files: orphans.length, mails: mails.length, auditLines: audit.length }, reason: input.reason }, at);
    return { tickets: tickets.length, mails: mails.map((mail) => mail.id), auditLines: audit.length, messages: messages.length, orphans };
  });
  // The drop folder's copies of the mail go too (what an SMTP server delivered is the recipient's).
  if (options.mailFolder && existsSync(options.mailFolder)) {
    for (const name of readdirSync(options.mailFolder)) if (outcome.mails.some((id) => name.startsWith(id))) rmSync(join(options.mailFolder, name), { force: true });
  }
  // The files themselves, once no row refers to them (the hashes were checked before they reach a path).
  if (options.attachmentFolder) for (const sha256 of outcome.orphans) if (/^[0-9a-f]{64}$/.test(sha256)) rmSync(join(options.attachmentFolder, sha256.slice(0, 2), sha256), { force: true });
  if (server.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(server.db);
  return { tickets: outcome.tickets, mails: outcome.mails.length, auditLines: outcome.auditLines, messages: outcome.messages, files: outcome.orphans.length };
};
