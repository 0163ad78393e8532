import type { Kysely } from 'kysely';
import type { LocalDatabase } from '../db/schema.ts';

/** The team as this replica knows it: whom a ticket can be assigned to. */
export const listTeam = (db: Kysely<LocalDatabase>) =>
  db
    .selectFrom('users')
    .select(['id', 'display_name as displayName', 'role'])
    .orderBy('display_name')
    .execute();
