import type BetterSqlite3 from 'better-sqlite3';
import type { z } from 'zod';
import { prepared } from '../db/prepared.ts';

/** Typed key–value settings in the local database; values are JSON validated on the way out. */
export const readSetting = <S extends z.ZodType>(
  sqlite: BetterSqlite3.Database,
  key: string,
  schema: S,
): z.output<S> | null => {
  const row = prepared<[string], { value: string }>(sqlite, 'SELECT value FROM settings WHERE key = ?').get(
    key,
  );
  if (!row) return null;
  const parsed = schema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
};

export const writeSetting = (sqlite: BetterSqlite3.Database, key: string, value: unknown): void => {
  if (value === null || value === undefined) {
    prepared(sqlite, 'DELETE FROM settings WHERE key = ?').run(key);
    return;
  }
  prepared(
    sqlite,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
};
