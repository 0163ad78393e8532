import { z } from 'zod';
import '../zod-italian.ts';
import { refuseForbiddenCharacters, safeText } from '../input-text.ts';
import { instantSchema } from '../model/calendar-day.ts';
import { errorCodes } from '../result.ts';
import { commandNames } from './commands.ts';
import { roleSchema, syncEntities } from './entities.ts';

/** The wire between a console and the central API. */
export const maxCommandsPerPush = 500;
export const maxChangesPerPull = 2000;
export const defaultChangesPerPull = 1000;

export const pushedCommandSchema = z
  .object({
    mutationId: z.int().positive().max(2_147_483_647),
    name: z.enum(commandNames),
    args: z.unknown(),
    issuedAt: instantSchema,
    /**
     * The console gave up on this command after the server failed on it repeatedly: the server
     * only records it as refused (using up its id) so the commands behind it can go.
     */
    abandoned: z.literal(true).optional(),
  })
  .strict();
export type PushedCommand = z.infer<typeof pushedCommandSchema>;

export const pushRequestSchema = z
  .object({
    clientId: z.uuid(),
    commands: z
      .array(pushedCommandSchema)
      .min(1)
      .max(maxCommandsPerPush)
      .refine(
        (commands) => commands.every((command, index) => index === 0 || command.mutationId === (commands[index - 1]?.mutationId ?? 0) + 1),
        'I comandi devono avere id di mutazione consecutivi',
      ),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const commandResultSchema = z.object({
  mutationId: z.int().positive(),
  status: z.enum(['applied', 'rejected']),
  error: z.object({ code: z.enum(errorCodes), message: z.string() }).optional(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

export const pushResponseSchema = z.object({
  lastMutationId: z.int().nonnegative(),
  results: z.array(commandResultSchema),
  /** The server failed on this command (not a rejection: a fault). Commands before it are in `results`. */
  serverError: z.object({ mutationId: z.int().positive(), message: z.string() }).optional(),
  /** The server's clock when it answered: consoles measure their own clock against it. */
  serverTime: instantSchema.optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z
  .object({
    cursor: z.int().nonnegative().default(0),
    limit: z.int().min(1).max(maxChangesPerPull).default(defaultChangesPerPull),
    /**
     * Sent with the first page of each sync: which console is pulling and how many commands it still
     * holds, so a team lead sees each console's last sync and what it has not sent.
     */
    presence: z.object({ clientId: z.string().min(1).max(100), pending: z.int().min(0).max(10_000_000) }).strict().optional(),
  })
  .strict();

export const changeSchema = z.object({
  seq: z.int().positive(),
  entity: z.enum(syncEntities),
  id: z.string(),
  op: z.enum(['upsert', 'delete']),
  // Only its shape here: each row is validated field by field, by entity, when it is stored.
  data: z.custom<Record<string, unknown> | null>((value) => value === null || (typeof value === 'object' && !Array.isArray(value)), 'Riga non valida'),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.int().nonnegative(),
  hasMore: z.boolean(),
  /** The change log's last sequence number: a console whose cursor is past it talks to a restored API. */
  head: z.int().nonnegative().optional(),
  /** With the console's presence: the last of its commands the API holds. */
  lastMutationId: z.int().nonnegative().optional(),
  serverTime: instantSchema.optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const loginRequestSchema = z
  .object({ email: safeText(200).toLowerCase(), password: refuseForbiddenCharacters(z.string().min(1).max(500)) })
  .strict();
export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: instantSchema,
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), role: roleSchema }),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const snapshotRequestSchema = z
  .object({
    refs: z
      .array(z.object({ entity: z.enum(syncEntities), id: z.string().max(100) }).strict())
      .min(1)
      .max(200),
  })
  .strict();
export const snapshotResponseSchema = z.object({
  rows: z.array(z.object({ entity: z.enum(syncEntities), id: z.string(), data: z.record(z.string(), z.unknown()).nullable() })),
});
