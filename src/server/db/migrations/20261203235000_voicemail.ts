import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const voicemailMigration: ServerMigration = {
  id: '20261203235000_voicemail',
  // Mail waiting «da smistare» may be a voicemail from an unknown number (issue 25): filed by a
  // lead, it opens a request on its own channel. Customers are found by phone number: an index
  // on the stored text would not help (numbers are written every which way), the API compares
  // canonical numbers after a pre-selection on the last digits.
  statements: () => [`ALTER TABLE unsorted_mail ADD COLUMN channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'voicemail', 'whatsapp'))`],
};
