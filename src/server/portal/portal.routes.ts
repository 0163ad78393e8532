import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { lastDayOfBillingMonth, romeDay } from '../../shared/domain/index.ts';
import { readPolicyOn } from '../billing/billing-policy.repository.ts';
import {
  decideOrderRequestSchema,
  disableContactRequestSchema,
  inviteContactRequestSchema,
  portalContactsRequestSchema,
  portalAcceptInviteRequestSchema,
  portalLoginRequestSchema,
  portalMessageRequestSchema,
  portalTicketListQuerySchema,
  portalOrderRequestSchema,
  portalPreferenceRequestSchema,
  portalTicketRequestSchema,
  setOfferRequestSchema,
} from '../../shared/portal-api/portal-api.ts';
import { AppFailure } from '../../shared/result.ts';
import { attachmentMaxBytes } from '../../shared/conversation/attachment-types.ts';
import { isAttachmentHash, readAttachmentFile, resolveAttachments, storeAttachment } from '../conversation/attachment-store.ts';
import { postCustomerMessage, ticketHasAttachment } from '../conversation/conversation.service.ts';
import { sendAttachment } from '../conversation/conversation.routes.ts';
import { workReportPdf } from '../../documents/work-report.pdf.ts';
import { workReportRowToWire } from '../../shared/work-report/work-report.ts';
import { portalPageSlugs, setDeskSettingsRequestSchema, setPortalPageRequestSchema } from '../../shared/portal-content/portal-pages.ts';
import { readPortalContent, readPortalPage, setDeskSettings, setPortalPage } from './portal-content.service.ts';
import { defaultTimePolicy } from '../../shared/sync/model/command-effects.ts';
import type { AuthPolicy } from '../auth/auth.service.ts';
import { parseBillingMonth, readCustomerStatement } from '../billing/statements/statement.service.ts';
import { statementPdf } from '../billing/statements/statement.pdf.ts';
import { acceptInvite, authenticateContact, disableContact, inviteContact, listContacts, portalLogin, portalLogout, sessionView, type PortalContact } from '../customer-auth/customer-auth.service.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import {
  cancelOrder,
  confirmOrder,
  getPortalTicket,
  listCustomerConsumption,
  listOffers,
  listPortalOffers,
  listPendingOrders,
  listPortalOrders,
  listPortalRepairs,
  listPortalTickets,
  openPortalRequest,
  placeOrder,
  readPortalHours,
  setBillingPreference,
  setOffer,
} from './portal.service.ts';

export type PortalRouteOptions = { authPolicy: AuthPolicy; publicUrl: string; portalDirectory: string | null; attachmentFolder: string };

const sessionCookie = 'presidio_portal';

/** A percent-encoded header (a file name in UTF-8); an undecodable one is kept as sent. */
const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The portal's pages: scripts and styles from itself only, talking only to itself. */
const portalPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * The customer portal: its web app under `/portal/`, its API under `/portal/api/` (customers'
 * cookie sessions, apart from staff tokens, every answer scoped to the contact's customer), and the
 * staff's side under `/portal-admin/` (invites, price list, orders).
 */
export const registerPortalRoutes = (app: FastifyInstance, kit: RouteKit, options: PortalRouteOptions): void => {
  const { db } = kit.database;
  // The rate and VAT in effect today (prices of packages); a statement's PDF states its month's.
  const policyToday = () => readPolicyOn(db, romeDay(kit.clock()));
  const timePolicy = kit.timePolicy ?? defaultTimePolicy;
  void app.register(cookie);

  const contactOf = (request: FastifyRequest): Promise<PortalContact> => authenticateContact(db, request.cookies[sessionCookie], kit.clock());
  /**
   * A change needs the session's CSRF token in `x-csrf-token` (a page of another site cannot read
   * it); a foreign or opaque Origin was already refused for every route (`http/origin-policy.ts`).
   * The cookie is SameSite=Strict as well.
   */
  const changingContact = async (request: FastifyRequest): Promise<PortalContact> => {
    const contact = await contactOf(request);
    const token = request.headers['x-csrf-token'];
    if (typeof token !== 'string' || !sameText(token, contact.csrfToken)) throw new AppFailure('forbidden', 'Sessione non verificata: ricarichi la pagina.');
    return contact;
  };
  const setSession = (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string) =>
    reply.setCookie(sessionCookie, token, {
      path: '/portal',
      httpOnly: true,
      sameSite: 'strict',
      secure: !loopbackHosts.has(request.hostname.replace(/:\d+$/, '')),
      expires: new Date(expiresAt),
    });

  app.post('/portal/api/login', (request, reply) =>
    kit.answer(reply, async () => {
      const credentials = parseBody(portalLoginRequestSchema, request.body);
      try {
        const { token, expiresAt } = await portalLogin(db, { ...credentials, address: request.ip }, options.authPolicy, kit.clock());
        setSession(request, reply, token, expiresAt);
        return sessionView(db, await authenticateContact(db, token, kit.clock()));
      } catch (error) {
        if (error instanceof AppFailure && (error.code === 'unauthorized' || error.code === 'rate_limited'))
          request.log.warn({ event: error.code === 'rate_limited' ? 'portal.login.throttled' : 'portal.login.failed', email: credentials.email.trim().toLowerCase(), address: request.ip }, 'accesso al portale non riuscito');
        throw error;
      }
    }),
  );
  app.post('/portal/api/invite/accept', (request, reply) =>
    kit.answer(reply, async () => acceptInvite(db, parseBody(portalAcceptInviteRequestSchema, request.body), options.authPolicy, kit.clock())),
  );
  app.post('/portal/api/logout', (request, reply) =>
    kit.answer(reply, async () => {
      await changingContact(request);
      await portalLogout(db, request.cookies[sessionCookie] ?? '');
      reply.clearCookie(sessionCookie, { path: '/portal' });
      return { loggedOut: true };
    }),
  );
  app.get('/portal/api/session', (request, reply) => kit.answer(reply, async () => sessionView(db, await contactOf(request))));
  app.get('/portal/api/tickets', (request, reply) => kit.answer(reply, async () => listPortalTickets(db, await contactOf(request), kit.clock(), parseBody(portalTicketListQuerySchema, request.query ?? {}))));
  app.get<{ Params: { id: string } }>('/portal/api/tickets/:id', (request, reply) =>
    kit.answer(reply, async () => {
      const contact = await contactOf(request);
      // Ids are UUIDs: anything else is no request of theirs, and never reaches a query.
      if (!z.uuid().safeParse(request.params.id).success) throw new AppFailure('not_found', 'Richiesta non trovata.');
      return getPortalTicket(db, contact, request.params.id, kit.clock());
    }),
  );
  app.get('/portal/api/repairs', (request, reply) => kit.answer(reply, async () => listPortalRepairs(db, await contactOf(request))));
  app.get('/portal/api/hours', (request, reply) => kit.answer(reply, async () => readPortalHours(db, await contactOf(request), kit.clock())));
  app.get<{ Params: { month: string } }>('/portal/api/statements/:month', (request, reply) =>
    kit.answer(reply, async () => {
      const contact = await contactOf(request);
      const { closed, statement } = await readCustomerStatement(db, parseBillingMonth(request.params.month), contact.customerCode, kit.clock());
      return { month: request.params.month, closed, statement };
    }),
  );
  app.get<{ Params: { month: string } }>('/portal/api/statements/:month/pdf', async (request, reply) => {
    try {
      const contact = await contactOf(request);
      const month = parseBillingMonth(request.params.month);
      const now = kit.clock();
      const { closed, statement } = await readCustomerStatement(db, month, contact.customerCode, now);
      const pdf = await statementPdf({ month, closed, statement, policy: await readPolicyOn(db, lastDayOfBillingMonth(month)), issuedAt: now });
      return await reply.code(200).type('application/pdf').header('content-disposition', `attachment; filename="rendiconto-${month}.pdf"`).send(pdf);
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });
  app.get('/portal/api/offers', (request, reply) =>
    kit.answer(reply, async () => {
      return listPortalOffers(db, await contactOf(request), await policyToday(), kit.clock());
    }),
  );
  app.post('/portal-admin/consumption', (request, reply) => kit.answer(reply, async () => listCustomerConsumption(db, await kit.withUser(request), await policyToday(), kit.clock())));
  app.get('/portal/api/orders', (request, reply) => kit.answer(reply, async () => listPortalOrders(db, await contactOf(request))));
  app.post('/portal/api/orders', (request, reply) =>
    kit.answer(reply, async () => placeOrder(db, await changingContact(request), parseBody(portalOrderRequestSchema, request.body).offerId, await policyToday(), kit.clock())),
  );
  app.post('/portal/api/preference', (request, reply) =>
    kit.answer(reply, async () => setBillingPreference(db, await changingContact(request), parseBody(portalPreferenceRequestSchema, request.body).preference, kit.clock())),
  );
  // The conversation: a customer uploads each file (its bytes, its name in `x-file-name`), then
  // sends the message naming them; files are served only from their own requests' public messages.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: attachmentMaxBytes + 1 }, (_request, body, done) => done(null, body));
  app.post('/portal/api/attachments', { bodyLimit: attachmentMaxBytes + 1 }, (request, reply) =>
    kit.answer(reply, async () => {
      await changingContact(request);
      if (!Buffer.isBuffer(request.body)) throw new AppFailure('invalid_argument', 'Nessun file ricevuto.');
      const header = request.headers['x-file-name'];
      const name = typeof header === 'string' ? safeDecode(header) : 'allegato';
      return storeAttachment(db, options.attachmentFolder, { bytes: request.body, name }, kit.clock());
    }),
  );
  app.post<{ Params: { id: string } }>('/portal/api/tickets/:id/messages', (request, reply) =>
    kit.answer(reply, async () => {
      const contact = await changingContact(request);
      if (!z.uuid().safeParse(request.params.id).success) throw new AppFailure('not_found', 'Richiesta non trovata.');
      const input = parseBody(portalMessageRequestSchema, request.body);
      const attachments = await resolveAttachments(db, input.attachments);
      return postCustomerMessage(
        db,
        { ticketId: request.params.id, customerId: contact.customerId, contactId: contact.contactId, authorName: contact.name, source: 'portal', body: input.body, quoted: null, attachments, mailMessageId: null, followUpChannel: 'web_form' },
        kit.clock(),
        timePolicy,
      );
    }),
  );
  app.get<{ Params: { id: string; sha256: string } }>('/portal/api/tickets/:id/attachments/:sha256', async (request, reply) => {
    try {
      const contact = await contactOf(request);
      const { id, sha256 } = request.params;
      // Another customer's file, or an internal note's, is simply not there (404), whatever its hash.
      if (!z.uuid().safeParse(id).success || !isAttachmentHash(sha256) || !(await ticketHasAttachment(db, { ticketId: id, sha256, customerId: contact.customerId })))
        throw new AppFailure('not_found', 'Allegato non trovato.');
      const file = await readAttachmentFile(db, options.attachmentFolder, sha256);
      const name = typeof request.query === 'object' && request.query && 'name' in request.query && typeof request.query.name === 'string' ? request.query.name : 'allegato';
      return await sendAttachment(reply, file, name);
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });
  app.get<{ Params: { id: string; reportId: string } }>('/portal/api/tickets/:id/reports/:reportId', async (request, reply) => {
    try {
      const contact = await contactOf(request);
      const { id, reportId } = request.params;
      if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(reportId).success) throw new AppFailure('not_found', 'Rapportino non trovato.');
      const row = await db
        .selectFrom('work_reports')
        .innerJoin('tickets', 'tickets.id', 'work_reports.ticket_id')
        .selectAll('work_reports')
        .where('work_reports.id', '=', reportId)
        .where('work_reports.ticket_id', '=', id)
        .where('tickets.customer_id', '=', contact.customerId)
        .executeTakeFirst();
      if (!row) throw new AppFailure('not_found', 'Rapportino non trovato.');
      const report = workReportRowToWire(row);
      return await sendAttachment(reply, { bytes: await workReportPdf(report), mediaType: 'application/pdf' }, `rapportino-${report.content.ticket.number}-v${report.version}.pdf`);
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });
  app.post('/portal/api/requests', (request, reply) =>
    kit.answer(reply, async () => openPortalRequest(db, await changingContact(request), parseBody(portalTicketRequestSchema, request.body), kit.clock(), timePolicy)),
  );

  // The FAQ and the service schema: readable without signing in.
  app.get<{ Params: { slug: string } }>('/portal/api/pages/:slug', (request, reply) =>
    kit.answer(reply, async () => {
      const slug = portalPageSlugs.find((candidate) => candidate === request.params.slug);
      if (!slug) throw new AppFailure('not_found', 'Pagina non trovata.');
      return readPortalPage(db, slug);
    }),
  );

  // Staff (bearer token, leads and admins).
  app.post('/portal-admin/content', (request, reply) => kit.answer(reply, async () => readPortalContent(db, await kit.withUser(request))));
  app.post('/portal-admin/content/page', (request, reply) =>
    kit.answer(reply, async () => setPortalPage(db, await kit.withUser(request), parseBody(setPortalPageRequestSchema, request.body), kit.clock())),
  );
  app.post('/portal-admin/content/settings', (request, reply) =>
    kit.answer(reply, async () => setDeskSettings(db, await kit.withUser(request), parseBody(setDeskSettingsRequestSchema, request.body), kit.clock())),
  );
  app.post('/portal-admin/invite', (request, reply) =>
    kit.answer(reply, async () => inviteContact(db, await kit.withUser(request), parseBody(inviteContactRequestSchema, request.body), { publicUrl: options.publicUrl }, kit.clock())),
  );
  app.post('/portal-admin/contacts', (request, reply) =>
    kit.answer(reply, async () => listContacts(db, await kit.withUser(request), parseBody(portalContactsRequestSchema, request.body).customerId)),
  );
  app.post('/portal-admin/contacts/disable', (request, reply) =>
    kit.answer(reply, async () => disableContact(db, await kit.withUser(request), parseBody(disableContactRequestSchema, request.body).id, kit.clock())),
  );
  app.post('/portal-admin/offers', (request, reply) =>
    kit.answer(reply, async () => {
      await kit.withUser(request);
      return listOffers(db, await policyToday(), true);
    }),
  );
  app.post('/portal-admin/offers/set', (request, reply) =>
    kit.answer(reply, async () => setOffer(db, await kit.withUser(request), parseBody(setOfferRequestSchema, request.body), kit.clock())),
  );
  app.post('/portal-admin/orders', (request, reply) => kit.answer(reply, async () => listPendingOrders(db, await kit.withUser(request))));
  app.post('/portal-admin/orders/confirm', (request, reply) =>
    kit.answer(reply, async () => confirmOrder(db, await kit.withUser(request), parseBody(decideOrderRequestSchema, request.body).id, kit.clock(), timePolicy)),
  );
  app.post('/portal-admin/orders/cancel', (request, reply) =>
    kit.answer(reply, async () => cancelOrder(db, await kit.withUser(request), parseBody(decideOrderRequestSchema, request.body).id, kit.clock())),
  );

  // The web app itself.
  const directory = options.portalDirectory;
  if (directory && existsSync(directory)) {
    void app.register(fastifyStatic, {
      root: directory,
      prefix: '/portal/',
      index: ['index.html'],
      setHeaders: (reply) => reply.header('content-security-policy', portalPolicy),
    });
    app.get('/portal', (_request, reply) => reply.redirect('/portal/'));
  } else {
    app.get('/portal/', (_request, reply) =>
      reply.code(503).type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><title>Portale</title><p>Portale clienti non compilato: eseguire <code>npm run build</code>.</p>'),
    );
  }
};
