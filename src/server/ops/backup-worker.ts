import { parentPort, workerData } from 'node:worker_threads';
import { backupEmbedded } from './backup.ts';

/**
 * The daily backup's copy, off the API's event loop: SQLite's backup API copies every page in one
 * step (so steady writes cannot starve it), which on a large database would otherwise hold every
 * request for seconds.
 */
const input = workerData as { dataDirectory: string; targetRoot: string; now: string; appVersion: string };
try {
  const made = await backupEmbedded({ ...input, now: new Date(input.now) });
  parentPort?.postMessage({ ok: true, made });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
