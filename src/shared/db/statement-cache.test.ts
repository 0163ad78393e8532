import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

describe('withStatementCache', () => {
  it('prepares each SQL text once, keeps the most recently used, and closes the database', () => {
    const prepared: string[] = [];
    let closed = false;
    const database = withStatementCache({ prepare: (sql: string) => (prepared.push(sql), { sql }), close: () => (closed = true) }, 2);
    const first = database.prepare('SELECT 1');
    expect(database.prepare('SELECT 1')).toBe(first);
    database.prepare('SELECT 2');
    database.prepare('SELECT 1'); // most recent again: SELECT 2 is now the oldest
    database.prepare('SELECT 3'); // evicts SELECT 2
    database.prepare('SELECT 1');
    database.prepare('SELECT 2');
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2']);
    database.close();
    expect(closed).toBe(true);
  });
});
