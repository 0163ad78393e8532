import { z } from 'zod';

// Validation messages reach technicians: speak Italian.
z.config(z.locales.it());
import type { Result } from '../result.ts';
import { hostChannelNames, hostEventNameList, type HostChannel, type HostEventName } from './channels.ts';
import { channelSchema, prioritySchema, ticketStatusSchema } from '../model/enums.ts';
import { ticketDetailSchema, ticketSummarySchema } from '../model/ticket.schema.ts';
import { commandNames } from '../sync/commands.ts';

/**
 * The one contract between the renderer and whatever hosts it (Electron main or the browser
 * host). Every channel has a request and a response schema; requests are strict so unknown
 * fields are rejected rather than silently dropped.
 */
export { hostChannelPrefix, ipcChannelName, ipcEventChannelName } from './channels.ts';

export const ticketListQuerySchema = z
  .object({
    search: z.string().trim().max(200).optional(),
    status: z.array(ticketStatusSchema).max(4).optional(),
    priority: z.array(prioritySchema).max(4).optional(),
    channel: z.array(channelSchema).max(6).optional(),
    customerId: z.uuid().optional(),
    offset: z.int().nonnegative().default(0),
    limit: z.int().min(1).max(500).default(100),
  })
  .strict();
export type TicketListQuery = z.input<typeof ticketListQuerySchema>;

const syncStatusSchema = z.object({
  state: z.enum(['signed_out', 'offline', 'online', 'syncing']),
  pending: z.int().nonnegative(),
  rejected: z.int().nonnegative(),
  lastSyncedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  serverUrl: z.string().nullable(),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.enum(['technician', 'team_lead', 'admin']) }).nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const hostContract = {
  'app.info': {
    request: z.object({}).strict(),
    response: z.object({
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      dataDirectory: z.string(),
      schemaVersion: z.string(),
    }),
  },
  'tickets.list': {
    request: ticketListQuerySchema,
    response: z.object({ items: z.array(ticketSummarySchema), total: z.int().nonnegative() }),
  },
  'tickets.get': {
    request: z.object({ id: z.uuid() }).strict(),
    response: ticketDetailSchema,
  },
  /** Any sync command (domain writes): applied locally at once, queued for the central API. */
  'commands.execute': {
    request: z.object({ name: z.enum(commandNames as [string, ...string[]]), args: z.unknown() }).strict(),
    response: z.object({ queued: z.literal(true) }),
  },
  'sync.status': { request: z.object({}).strict(), response: syncStatusSchema },
  'sync.login': {
    request: z.object({ serverUrl: z.string().trim().min(1).max(300), email: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) }).strict(),
    response: syncStatusSchema,
  },
  'sync.logout': { request: z.object({}).strict(), response: syncStatusSchema },
  'sync.now': { request: z.object({}).strict(), response: syncStatusSchema },
  'sync.rejected': {
    request: z.object({}).strict(),
    response: z.array(
      z.object({ mutationId: z.int(), name: z.string(), args: z.unknown(), code: z.string(), message: z.string(), issuedAt: z.string() }),
    ),
  },
  'sync.discard': { request: z.object({ mutationId: z.int().positive() }).strict(), response: syncStatusSchema },
} as const satisfies Record<HostChannel, { request: z.ZodType; response: z.ZodType }>;

export type HostContract = typeof hostContract;
export type { HostChannel, HostEventName };
export type HostRequest<C extends HostChannel> = z.input<HostContract[C]['request']>;
export type HostParsedRequest<C extends HostChannel> = z.output<HostContract[C]['request']>;
export type HostResponse<C extends HostChannel> = z.output<HostContract[C]['response']>;

export const hostChannels: readonly HostChannel[] = hostChannelNames;

export const isHostChannel = (name: string): name is HostChannel => Object.hasOwn(hostContract, name);


/** Pushes from the host to the renderer. */
export const hostEvents = {
  'tickets.changed': z.object({ ids: z.array(z.uuid()) }),
  'sync.status': syncStatusSchema,
} as const satisfies Record<HostEventName, z.ZodType>;
export type HostEvents = typeof hostEvents;
export type HostEventPayload<E extends HostEventName> = z.output<HostEvents[E]>;
export const hostEventNames: readonly HostEventName[] = hostEventNameList;
export const isHostEventName = (name: string): name is HostEventName => Object.hasOwn(hostEvents, name);

/** What the renderer sees, whichever transport carries it. */
export type HostApi = {
  invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<Result<HostResponse<C>>>;
  subscribe<E extends HostEventName>(event: E, listener: (payload: HostEventPayload<E>) => void): () => void;
};

/** Handlers a host implements, one per channel, receiving parsed requests. */
export type HostHandlers = {
  [C in HostChannel]: (request: HostParsedRequest<C>) => Promise<HostResponse<C>> | HostResponse<C>;
};
