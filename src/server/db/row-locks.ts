import { PostgresAdapter, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { ServerDatabase } from './server-schema.ts';

/**
 * Whether this connection can lock rows it reads. PostgreSQL runs transactions side by side, so a
 * command that reads and then writes must lock what it read (`FOR UPDATE`); SQLite runs one
 * writer at a time and has no row locks to take.
 */
export const canLockRows = (trx: Transaction<ServerDatabase>): boolean => trx.getExecutor().adapter instanceof PostgresAdapter;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table, any selection
export const lockedIf = <Q extends SelectQueryBuilder<ServerDatabase, any, any>>(query: Q, lock: boolean): Q => (lock ? (query.forUpdate() as Q) : query);
