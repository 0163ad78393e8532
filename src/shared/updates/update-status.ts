import { z } from 'zod';

/** What the console says about updates, in its header and sync panel: the same for Electron and the browser host. */
export const updateStatusSchema = z.object({
  /** `not_applicable`: a browser, or a build that is not installed (development): nothing to update. */
  state: z.enum(['not_applicable', 'idle', 'checking', 'downloading', 'ready', 'error']),
  channel: z.enum(['stable', 'beta']),
  /** The version downloaded or being downloaded. */
  version: z.string().nullable(),
  progressPercent: z.number().min(0).max(100).nullable(),
  /** Why it waits, or what went wrong, in Italian. */
  message: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const notApplicableUpdateStatus = (channel: UpdateStatus['channel'] = 'stable'): UpdateStatus => ({
  state: 'not_applicable',
  channel,
  version: null,
  progressPercent: null,
  message: 'Gli aggiornamenti riguardano solo l’app desktop installata.',
  lastCheckAt: null,
});
