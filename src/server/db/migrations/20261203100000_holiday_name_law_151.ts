import type { ServerMigration } from './migration-sql.ts';

const before = 'San Francesco d’Assisi e Santa Caterina da Siena';
const after = 'Festa nazionale di San Francesco d’Assisi, patrono d’Italia';

/** Immutable once committed: a change is a new migration. */
export const holidayNameLaw151Migration: ServerMigration = {
  id: '20261203100000_holiday_name_law_151',
  // 4 October is named as Law 151/2025 names it, in the stored calendar and in its change-log entry
  // (moved to the end of the log, so every console pulls it again). A name a lead already changed
  // is left as it is.
  statements: () => [
    `UPDATE support_calendar SET calendar_json = REPLACE(calendar_json, '${before}', '${after}')`,
    `UPDATE sync_counter SET seq = seq + 1 WHERE id = 1`,
    `UPDATE sync_changes SET data = REPLACE(data, '${before}', '${after}'), seq = (SELECT seq FROM sync_counter WHERE id = 1) WHERE entity = 'support_calendar'`,
  ],
};
