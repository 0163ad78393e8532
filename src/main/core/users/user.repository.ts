import type { Kysely } from 'kysely';
import type { LocalDatabase } from '../db/schema.ts';

/** The team as this replica knows it: whom a ticket can be assigned to. */
export const listTeam = (db: Kysely<LocalDatabase>) =>
  db
    .selectFrom('users')
    .select(['id', 'display_name as displayName', 'role'])
    .orderBy('display_name')
    .execute();

/** How a colleague is named on screen (null when this replica does not know them). */
export const userDisplayName = async (db: Kysely<LocalDatabase>, id: string): Promise<string | null> =>
  (await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null;
