import { newId } from '../ids.ts';

/**
 * A ticket number a console can mint offline: the day (Rome calendar is not needed for
 * uniqueness) and six hex digits from a fresh UUIDv7's random part; the server refuses a clash.
 */
export const offlineTicketNumber = (now: Date, id: string = newId()): string =>
  `T-${now.toISOString().slice(2, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`;
