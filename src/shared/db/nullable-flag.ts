/**
 * A yes/no/not-asked answer stored as a nullable 0/1 column (SQLite and PostgreSQL alike): one
 * mapping each way for the console and the API.
 */
export const flagOf = (value: unknown): boolean | null => (value === null || value === undefined ? null : value === 1);
export const flagColumn = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);
