import { z } from 'zod';
import { attachmentRefSchema, messageAuthorKinds, messageBodyMaxLength, messageSources } from '../conversation/ticket-message.ts';
import { attachmentsPerMessage } from '../conversation/attachment-types.ts';
import { refuseForbiddenCharacters, safeText } from '../input-text.ts';
import { ticketDescriptionMaxLength } from '../model/ticket-limits.ts';
import { newPasswordSchema } from '../password-rule.ts';
import { customerFiguresSchema } from '../model/customer-figures.ts';
import { customerRepairSchema } from '../model/customer-repair.ts';
import { handlingTimesSchema } from '../review/handling-times.ts';
import { channelSchema, interventionModeSchema, ticketStatusSchema } from '../model/enums.ts';

/**
 * The customer portal's own contract (`/portal/api/…`): what a customer's browser sends and gets.
 * Separate from the console's host API and from the staff API: different users, different risks.
 */
export const portalLoginRequestSchema = z.object({ email: safeText(200).min(3), password: refuseForbiddenCharacters(z.string().min(1).max(200)) }).strict();
/** The invite's token is base64url (never reaches a query otherwise); the password follows the one rule for everybody. */
export const oneUseTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Link non valido o incompleto.');
export const portalAcceptInviteRequestSchema = z.object({ token: oneUseTokenSchema, password: newPasswordSchema }).strict();

export const portalSessionSchema = z.object({
  contact: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  customer: z.object({ code: z.string(), name: z.string() }),
  /** The customer's account manager («account di riferimento»): whom to write about packages; null when none is assigned. */
  accountManager: z.object({ name: z.string(), email: z.string() }).nullable().default(null),
  /** Sent back in `x-csrf-token` with every change the portal asks for. */
  csrfToken: z.string(),
});
export type PortalSession = z.infer<typeof portalSessionSchema>;

export const portalInterventionSchema = z.object({
  startedAt: z.string(),
  mode: interventionModeSchema,
  activity: z.string(),
  running: z.boolean(),
  /** Null until the API has evaluated it (running, or waiting for a lead's approval). */
  figures: customerFiguresSchema
    .nullable(),
});
/** A message of the conversation as the customer reads it: public messages only, never an internal note. */
export const portalMessageSchema = z.object({
  id: z.uuid(),
  authorKind: z.enum(messageAuthorKinds),
  authorLabel: z.string(),
  source: z.enum(messageSources),
  body: z.string(),
  quoted: z.string().nullable(),
  attachments: z.array(attachmentRefSchema),
  writtenAt: z.string(),
});
export type PortalMessage = z.infer<typeof portalMessageSchema>;

export const portalTicketSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  subject: z.string(),
  status: ticketStatusSchema,
  channel: channelSchema,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  interventions: z.array(portalInterventionSchema),
  /** How long it took to be taken in charge and resolved, in support hours (absent from older answers). */
  handling: handlingTimesSchema.optional(),
  /** The conversation (public messages), oldest first; the list carries only the last one. */
  messages: z.array(portalMessageSchema).default([]),
  /** The on-site work reports, every version (the request's own page only). */
  workReports: z.array(z.object({ id: z.uuid(), version: z.int(), createdAt: z.string(), signedBy: z.string().nullable(), declinedReason: z.string().nullable() })).default([]),
});
export type PortalTicket = z.infer<typeof portalTicketSchema>;

/** The request list's filters, as the page's address carries them. */
export const portalTicketListQuerySchema = z
  .object({
    stato: z.enum(['aperte', 'chiuse', 'tutte']).default('tutte'),
    cerca: safeText(100).default(''),
    pagina: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .strict();
export type PortalTicketListQuery = z.input<typeof portalTicketListQuerySchema>;
export const portalTicketPageSize = 20;
export const portalTicketListSchema = z.object({ tickets: z.array(portalTicketSchema), total: z.int().nonnegative(), page: z.int().min(1), pageSize: z.int().min(1) });
export type PortalTicketList = z.infer<typeof portalTicketListSchema>;

export const portalRepairsSchema = z.object({ repairs: z.array(customerRepairSchema) });

export const portalHoursSchema = z.object({
  freeMinutes: z.int(),
  packages: z.array(z.object({ id: z.string(), totalMinutes: z.int(), remainingMinutes: z.int(), purchasedOn: z.string(), expiresOn: z.string().optional() })),
  preference: z.enum(['packages', 'consuntivo']).nullable(),
  /** Today's hourly rate, net (what «a consuntivo» costs). */
  hourlyRateCents: z.int().optional(),
  notices: z.array(z.object({ pot: z.enum(['free', 'package']), threshold: z.enum(['low', 'exhausted']), createdAt: z.string() })),
});
export type PortalHours = z.infer<typeof portalHoursSchema>;

export const packageOfferSchema = z.object({ id: z.uuid(), name: z.string(), minutes: z.int(), rateCents: z.int(), validityMonths: z.int(), netCents: z.int(), vatCents: z.int(), grossCents: z.int() });
export type PackageOffer = z.infer<typeof packageOfferSchema>;
export const packageOrderSchema = z.object({
  id: z.uuid(),
  offerName: z.string(),
  minutes: z.int(),
  grossCents: z.int(),
  status: z.enum(['pending', 'confirmed', 'cancelled']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type PackageOrder = z.infer<typeof packageOrderSchema>;

export const portalOrderRequestSchema = z.object({ offerId: z.uuid() }).strict();
export const portalPreferenceRequestSchema = z.object({ preference: z.enum(['packages', 'consuntivo']) }).strict();
export const portalTicketRequestSchema = z
  .object({
    subject: safeText(200).min(3, { error: 'Scriva in breve il problema (almeno 3 caratteri).' }),
    description: safeText(ticketDescriptionMaxLength).default(''),
    blocking: z.boolean().default(false),
  })
  .strict();

/** A customer's message on a request: text, and files uploaded first (each answered with its reference). */
export const portalMessageRequestSchema = z
  .object({
    body: safeText(messageBodyMaxLength).default(''),
    attachments: z.array(attachmentRefSchema.pick({ sha256: true, name: true })).max(attachmentsPerMessage, { error: `Al massimo ${attachmentsPerMessage} allegati per messaggio.` }).default([]),
  })
  .strict()
  .refine((value) => value.body.trim().length > 0 || value.attachments.length > 0, { error: 'Scriva un messaggio o alleghi un file.' });
export type PortalMessageRequest = z.input<typeof portalMessageRequestSchema>;

/** What a customer's message did: written on the request, on the request reopened, or on a new request that follows a closed one. */
export const portalMessageResultSchema = z.object({ ticketId: z.uuid(), messageId: z.uuid(), outcome: z.enum(['written', 'reopened', 'newTicket']), ticketNumber: z.string() });
export type PortalMessageResult = z.infer<typeof portalMessageResultSchema>;

/** Staff side: inviting a customer's contact, the price list, and deciding orders. */
export const inviteContactRequestSchema = z.object({ customerId: z.uuid(), email: z.email({ error: 'Indirizzo e-mail non valido.' }), name: safeText(120).min(1) }).strict();
export const setOfferRequestSchema = z
  .object({ id: z.uuid(), name: safeText(80).min(1), minutes: z.int().min(60).max(100_000), rateCents: z.int().min(1).max(100_000), validityMonths: z.int().min(1).max(60), active: z.boolean() })
  .strict();
export const decideOrderRequestSchema = z.object({ id: z.uuid() }).strict();

/** Staff answers about the portal, as the console shows them. */
export const staffOffersSchema = z.object({ offers: z.array(packageOfferSchema.extend({ active: z.boolean() })) });
/** The price list as a customer sees it, with their billed hours per month (last six months) and the offer that covers them. */
export const portalOffersSchema = z.object({
  offers: z.array(packageOfferSchema.extend({ active: z.boolean() })),
  averageMonthlyMinutes: z.int().nonnegative().default(0),
  fittingOfferId: z.uuid().nullable().default(null),
});
/** For the lead's price list: each customer's average and the offer that fits it. */
export const customerConsumptionSchema = z.object({
  customers: z.array(z.object({ customerId: z.uuid(), code: z.string(), name: z.string(), averageMonthlyMinutes: z.int().nonnegative(), fittingOfferName: z.string().nullable() })),
});
export const pendingOrdersSchema = z.object({ orders: z.array(packageOrderSchema.extend({ customerName: z.string(), customerCode: z.string() })) });
export const orderDecisionSchema = z.object({ id: z.uuid(), status: z.enum(['confirmed', 'cancelled']), packageId: z.uuid().optional() });

/** A customer's portal accounts as a lead sees them. */
export const portalContactSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  status: z.enum(['invited', 'active', 'disabled']),
  invitedAt: z.string(),
  activatedAt: z.string().nullable(),
});
export type PortalContactView = z.infer<typeof portalContactSchema>;
export const portalContactsRequestSchema = z.object({ customerId: z.uuid() }).strict();
export const disableContactRequestSchema = z.object({ id: z.uuid() }).strict();
