import { z } from 'zod';
import { instantSchema } from '../model/calendar-day.ts';
import { roleSchema } from '../sync/entities.ts';

/**
 * Each console's last contact with the central API and the commands it still held then: what a
 * team lead checks before trusting the day's figures (work not yet sent is not in them). Read
 * online from the API, which is the only one that knows every console.
 */
export const consoleSyncSchema = z.object({
  clientId: z.string(),
  userName: z.string(),
  role: roleSchema,
  /** The console's last push or pull. */
  lastSyncAt: instantSchema,
  /** Commands waiting on that console at its last pull (null: it has not told, an older release). */
  pendingCommands: z.int().nonnegative().nullable(),
});
export type ConsoleSync = z.infer<typeof consoleSyncSchema>;

export const consolesResponseSchema = z.object({ consoles: z.array(consoleSyncSchema) });

/** Consoles silent for longer than this are left out (a replaced computer, a past colleague). */
export const consoleListDays = 30;
