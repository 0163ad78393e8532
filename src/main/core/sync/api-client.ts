import { z } from 'zod';
import { AppFailure, readEnvelope } from '../../../shared/result.ts';
import {
  loginResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  type PushRequest,
} from '../../../shared/sync/protocol.ts';
import type { EntityRef } from '../../../shared/sync/targets.ts';
import { auditTrailSchema, type AuditTrailRequest } from '../../../shared/review/audit.ts';
import { consolesResponseSchema } from '../../../shared/review/consoles.ts';
import { outboxReviewSchema } from '../../../shared/review/outbox.ts';
import { monthStatementsSchema } from '../../../shared/reports/statement.ts';
import { customerConsumptionSchema, type inviteContactRequestSchema, orderDecisionSchema, pendingOrdersSchema, portalContactSchema, type setOfferRequestSchema, staffOffersSchema } from '../../../shared/portal-api/portal-api.ts';
import { intakeKeySchema, issuedIntakeKeySchema } from '../../../shared/intake/intake-api.ts';
import type { ImportUpload } from '../../../shared/import/import-api.ts';
import { eraseContactResultSchema, type PersonalDataSubject } from '../../../shared/accounts/privacy.ts';
import {
  type changeRoleRequestSchema,
  type createStaffRequestSchema,
  forgotPasswordResponseSchema,
  type setDisabledRequestSchema,
  staffAccountChangeSchema,
  staffAccountsSchema,
} from '../../../shared/accounts/staff-accounts.ts';
import { type discardUnsortedRequestSchema, type fileUnsortedRequestSchema, unsortedDecisionSchema, unsortedMailListSchema } from '../../../shared/conversation/unsorted-mail.ts';
import { deskSettingsSchema, portalContentSchema, portalPageSchema, type setDeskSettingsRequestSchema, type setPortalPageRequestSchema } from '../../../shared/portal-content/portal-pages.ts';
import { attachmentRefSchema } from '../../../shared/conversation/ticket-message.ts';
import { channelStatusSchema, ctiKeySchema, issuedCtiKeySchema } from '../../../shared/channels/calls.ts';
import type { whatsAppSettingsInputSchema } from '../../../shared/channels/channel-settings.ts';
import { importProgressSchema, importReportSchema, type ImportProgress } from '../../../shared/import/import-report.ts';

/** Raised when the central API cannot be reached at all: the console is offline, nothing is lost. */
export class Offline extends Error {
  constructor(cause: unknown) {
    super(`API centrale non raggiungibile: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'Offline';
  }
}

export type Fetch = typeof fetch;

const requestTimeoutMs = 30_000;
/** An import of a whole customer base runs for minutes on a slow machine. */
const longRequestTimeoutMs = 15 * 60_000;

/** A typed client for the central API: every answer is validated before the core trusts it. */
export const createApiClient = (options: { baseUrl: string; token?: string; fetch?: Fetch }) => {
  const doFetch = options.fetch ?? fetch;
  /** A POST with a JSON body, or a GET when `body` is undefined (the reports are addressable files). */
  const call = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl.replace(/\/$/, '')}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new Offline(error);
    }
    let raw: unknown;
    try {
      raw = await response.json();
    } catch (error) {
      // A cut connection mid-body (a proxy dropping the answer) is the same as no answer.
      if (response.status >= 500 || response.status === 200) throw new Offline(error);
      throw new AppFailure('internal', `Risposta non valida dall’API centrale (HTTP ${response.status}).`);
    }
    const reading = readEnvelope(raw, schema);
    if (reading.kind === 'value') return reading.value;
    // A gateway answering for an API that is down is no answer from the API.
    if (reading.kind !== 'nonconforming' && response.status >= 502 && response.status <= 504) throw new Offline(new Error(`HTTP ${response.status}`));
    if (reading.kind === 'failure') throw new AppFailure(reading.error.code, reading.error.message, reading.error.details);
    if (reading.kind === 'malformed') throw new AppFailure('internal', `Errore HTTP ${response.status}`);
    throw new AppFailure('internal', 'Risposta dell’API centrale non conforme al protocollo.');
  };
  /**
   * A POST whose answer is JSON lines: progress lines (`{"progress": …}`) handed to `onProgress`
   * as they arrive, then the envelope. For work that takes minutes (an import of 150,000 rows).
   */
  const callStreaming = async <S extends z.ZodType, P extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    progressSchema: P,
    onProgress: (progress: z.output<P>) => void,
  ): Promise<z.output<S>> => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(longRequestTimeoutMs),
      });
    } catch (error) {
      throw new Offline(error);
    }
    if (!response.body || !(response.headers.get('content-type') ?? '').startsWith('application/x-ndjson')) {
      // Refused before it started (not signed in, not an admin, a bad file): an ordinary envelope.
      let raw: unknown;
      try {
        raw = await response.json();
      } catch (error) {
        throw new Offline(error);
      }
      const reading = readEnvelope(raw, schema);
      if (reading.kind === 'value') return reading.value;
      if (reading.kind === 'failure') throw new AppFailure(reading.error.code, reading.error.message, reading.error.details);
      throw new AppFailure('internal', `Errore HTTP ${response.status}`);
    }
    const decoder = new TextDecoder();
    let buffered = '';
    let last: unknown = undefined;
    const take = (text: string) => {
      if (text.trim() === '') return;
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && 'progress' in value) {
        const progress = progressSchema.safeParse(value.progress);
        if (progress.success) onProgress(progress.data);
      } else last = value;
    };
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline !== -1) {
          take(buffered.slice(0, newline));
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
        }
      }
      take(buffered);
    } catch (error) {
      // Cut mid-answer: the API may still finish (one transaction: all or nothing), so say so.
      throw new AppFailure('unavailable', `Collegamento con l’API centrale interrotto durante l’operazione: controlla l’esito prima di ripeterla (${error instanceof Error ? error.message : String(error)}).`);
    }
    const reading = readEnvelope(last, schema);
    if (reading.kind === 'value') return reading.value;
    if (reading.kind === 'failure') throw new AppFailure(reading.error.code, reading.error.message, reading.error.details);
    throw new AppFailure('internal', 'Risposta dell’API centrale non conforme al protocollo.');
  };
  /** A file (a statement; with a body, a POST: a personal-data export): its bytes and type, or the API's error envelope as a failure. */
  const download = async (path: string, body?: unknown): Promise<{ bytes: Buffer; contentType: string }> => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl.replace(/\/$/, '')}${path}`, {
        ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
        headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new Offline(error);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok && !contentType.startsWith('application/json')) return { bytes: Buffer.from(await response.arrayBuffer()), contentType };
    const reading = readEnvelope(await response.json().catch(() => null), z.never());
    if (response.status >= 502 && response.status <= 504) throw new Offline(new Error(`HTTP ${response.status}`));
    if (reading.kind === 'failure') throw new AppFailure(reading.error.code, reading.error.message);
    throw new AppFailure('internal', `Errore HTTP ${response.status}`);
  };
  return {
    login: (email: string, password: string) => call('/auth/login', { email, password }, loginResponseSchema),
    logout: () => call('/auth/logout', {}, loginResponseSchema.pick({}).passthrough()),
    push: (request: PushRequest) => call('/sync/push', request, pushResponseSchema),
    pull: (cursor: number, limit: number, presence?: { clientId: string; pending: number }) =>
      call('/sync/pull', presence ? { cursor, limit, presence } : { cursor, limit }, pullResponseSchema),
    snapshot: (refs: EntityRef[]) => call('/sync/snapshot', { refs }, snapshotResponseSchema),
    auditTrail: (request: AuditTrailRequest) => call('/review/audit', request, auditTrailSchema),
    consoles: () => call('/review/consoles', {}, consolesResponseSchema),
    outbox: () => call('/review/mail', {}, outboxReviewSchema),
    retryMail: (id: string) => call('/review/mail/retry', { id }, z.object({ requeued: z.literal(true) })),
    monthStatements: (month: string) => call(`/reports/statements/${encodeURIComponent(month)}`, undefined, monthStatementsSchema),
    portal: {
      invite: (request: z.input<typeof inviteContactRequestSchema>) => call('/portal-admin/invite', request, z.object({ contactId: z.uuid() })),
      contacts: (customerId: string) => call('/portal-admin/contacts', { customerId }, z.object({ contacts: z.array(portalContactSchema) })),
      disableContact: (id: string) => call('/portal-admin/contacts/disable', { id }, z.object({ disabled: z.literal(true) })),
      offers: () => call('/portal-admin/offers', {}, staffOffersSchema),
      setOffer: (request: z.input<typeof setOfferRequestSchema>) => call('/portal-admin/offers/set', request, z.object({ id: z.uuid() })),
      orders: () => call('/portal-admin/orders', {}, pendingOrdersSchema),
      confirmOrder: (id: string) => call('/portal-admin/orders/confirm', { id }, orderDecisionSchema),
      cancelOrder: (id: string) => call('/portal-admin/orders/cancel', { id }, orderDecisionSchema),
      content: () => call('/portal-admin/content', {}, portalContentSchema),
      consumption: () => call('/portal-admin/consumption', {}, customerConsumptionSchema),
      setPage: (request: z.input<typeof setPortalPageRequestSchema>) => call('/portal-admin/content/page', request, portalPageSchema),
      setSettings: (request: z.input<typeof setDeskSettingsRequestSchema>) => call('/portal-admin/content/settings', request, deskSettingsSchema),
    },
    intake: {
      keys: (customerId: string) => call('/intake/keys', { customerId }, z.object({ keys: z.array(intakeKeySchema) })),
      issueKey: (customerId: string, label: string) => call('/intake/keys/issue', { customerId, label }, issuedIntakeKeySchema),
      revokeKey: (id: string) => call('/intake/keys/revoke', { id }, intakeKeySchema),
    },
    privacy: {
      exportJson: (subject: PersonalDataSubject) => call('/admin/privacy/export', subject, z.unknown()),
      exportPdf: (subject: PersonalDataSubject) => download('/admin/privacy/export.pdf', subject),
      eraseContact: (contactId: string, reason: string) => call('/admin/privacy/erase-contact', { contactId, reason }, eraseContactResultSchema),
    },
    unsortedMail: {
      list: () => call('/conversation/unsorted', {}, unsortedMailListSchema),
      file: (request: z.input<typeof fileUnsortedRequestSchema>) => call('/conversation/unsorted/file', request, unsortedDecisionSchema),
      discard: (request: z.input<typeof discardUnsortedRequestSchema>) => call('/conversation/unsorted/discard', request, unsortedDecisionSchema),
    },
    channels: {
      status: () => call('/admin/channels', {}, channelStatusSchema),
      ctiKeys: () => call('/cti/keys', {}, z.object({ keys: z.array(ctiKeySchema) })),
      issueCtiKey: (label: string) => call('/cti/keys/issue', { label }, issuedCtiKeySchema),
      revokeCtiKey: (id: string) => call('/cti/keys/revoke', { id }, ctiKeySchema),
      setWhatsApp: (input: z.input<typeof whatsAppSettingsInputSchema>) =>
        call('/admin/channels/whatsapp', input, z.object({ phoneNumberId: z.string(), apiUrl: z.string(), template: z.string().nullable(), configured: z.literal(true) })),
    },
    activeCalls: () => call('/cti/active', {}, z.object({ signature: z.string() })),
    uploadAttachment: (fileName: string, dataBase64: string) => call('/conversation/attachments', { fileName, dataBase64 }, attachmentRefSchema),
    /** A message's file, as the API kept it (staff may read any file of a ticket). */
    attachment: (ticketId: string, sha256: string) => download(`/conversation/attachments/${encodeURIComponent(ticketId)}/${encodeURIComponent(sha256)}`),
    forgotPassword: (email: string) => call('/auth/password/forgot', { email }, forgotPasswordResponseSchema),
    users: {
      list: () => call('/admin/users', {}, staffAccountsSchema),
      create: (request: z.input<typeof createStaffRequestSchema>) => call('/admin/users/create', request, z.object({ id: z.uuid() })),
      setRole: (request: z.input<typeof changeRoleRequestSchema>) => call('/admin/users/role', request, staffAccountChangeSchema),
      setDisabled: (request: z.input<typeof setDisabledRequestSchema>) => call('/admin/users/disabled', request, staffAccountChangeSchema),
      sendReset: (id: string) => call('/admin/users/reset', { id }, z.object({ sent: z.literal(true) })),
    },
    importFile: (upload: ImportUpload, onProgress: (progress: ImportProgress) => void) => callStreaming('/admin/import', upload, importReportSchema, importProgressSchema, onProgress),
    statementFile: (month: string, customerCode?: string) =>
      download(customerCode ? `/reports/statements/${encodeURIComponent(month)}/${encodeURIComponent(customerCode)}.pdf` : `/reports/statements/${encodeURIComponent(month)}.csv`),
  };
};
export type ApiClient = ReturnType<typeof createApiClient>;
