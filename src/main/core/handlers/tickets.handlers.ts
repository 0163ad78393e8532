import { newId } from '../../../shared/ids.ts';
import { AppFailure } from '../../../shared/result.ts';
import { workReportHash, workReportRowToWire } from '../../../shared/work-report/work-report.ts';
import { workReportPdf } from '../../../documents/work-report.pdf.ts';
import { listCurrentCalls } from '../calls/calls.service.ts';
import { getTicket, listTickets } from '../tickets/ticket.service.ts';
import { markTicketRead } from '../tickets/ticket.repository.ts';
import { getCustomerFile, listCustomerDirectory } from '../customers/customer.service.ts';
import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

/** The queue, a ticket, the intake and its customer search, closing, and every sync command. */
export const ticketHandlers = ({ local, sync, intake, stampClock, online }: HandlerDeps): HandlerGroup<'tickets.list' | 'tickets.get' | 'tickets.markRead' | 'tickets.writeMessage' | 'attachments.get' | 'attachments.upload' | 'workReports.record' | 'workReports.pdf' | 'calls.current' | 'customers.search' | 'customers.directory' | 'customers.file' | 'tickets.intake' | 'tickets.close' | 'commands.execute'> => ({
  'tickets.list': (query) => listTickets(local.db, query, sync.status().user?.id ?? null),
  'tickets.get': ({ id }) => getTicket(local.db, id),
  'tickets.markRead': async ({ ticketId }) => {
    const readAt = stampClock().toISOString();
    await markTicketRead(local.db, ticketId, readAt);
    return { readAt };
  },
  'workReports.record': ({ ticketId, supersedes, content, signature }) => {
    if (content.ticket.id !== ticketId) throw new AppFailure('invalid_argument', 'Il rapportino riguarda un altro ticket.');
    const id = newId();
    const contentHash = workReportHash(content, signature);
    sync.execute('workReport.record', { id, ticketId, supersedes, content, signature, contentHash });
    const stored = local.db.selectFrom('work_reports').select('version').where('id', '=', id);
    return stored.executeTakeFirstOrThrow().then((row) => ({ id, version: row.version, contentHash }));
  },
  'calls.current': () => listCurrentCalls(local.db, sync.status().user?.id ?? null, stampClock()),
  'workReports.pdf': async ({ id }) => {
    const row = await local.db.selectFrom('work_reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppFailure('not_found', 'Rapportino non trovato.');
    const report = workReportRowToWire(row);
    return { fileName: `rapportino-${report.content.ticket.number}-v${report.version}.pdf`, dataBase64: (await workReportPdf(report)).toString('base64') };
  },
  'attachments.upload': ({ fileName, dataBase64 }) => online.online((api) => api.uploadAttachment(fileName, dataBase64)),
  'tickets.writeMessage': ({ ticketId, visibility, body, attachments }) => {
    const id = newId();
    sync.execute('ticket.message', { id, ticketId, visibility, body, writtenAt: stampClock().toISOString(), attachments });
    return { id };
  },
  'attachments.get': async ({ ticketId, sha256 }) => {
    const file = await online.online((api) => api.attachment(ticketId, sha256));
    return { mediaType: file.contentType, dataBase64: file.bytes.toString('base64') };
  },
  'customers.search': ({ query }) => intake.searchCustomers(query),
  'customers.directory': (query) => listCustomerDirectory(local.db, query),
  'customers.file': ({ id }) => getCustomerFile(local.db, id),
  'tickets.intake': (input) => intake.create(input),
  'tickets.close': ({ ticketId, cause, resolution }) => {
    sync.execute('ticket.close', { ticketId, cause, resolution, closedAt: stampClock().toISOString() });
    return { closed: true as const };
  },
  'commands.execute': ({ name, args }) => {
    sync.execute(name, args);
    return { queued: true as const };
  },
});
