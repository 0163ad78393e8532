import type { Kysely } from 'kysely';
import { defaultSupportCalendar, type SupportCalendar } from '../../shared/domain/index.ts';
import { supportCalendarId, supportCalendarRowToWire } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

type Db = Kysely<ServerDatabase>;

/** The calendar billing and the desk use now (the built-in one only if the row were ever missing). */
export const readSupportCalendar = async (db: Db): Promise<SupportCalendar> => {
  const row = await db.selectFrom('support_calendar').selectAll().where('id', '=', supportCalendarId).executeTakeFirst();
  return row ? supportCalendarRowToWire(row).calendar : defaultSupportCalendar;
};
