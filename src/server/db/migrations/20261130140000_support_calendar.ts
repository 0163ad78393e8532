import { typesFor, type ServerMigration } from './migration-sql.ts';

/** The one calendar row's id (entities.ts `supportCalendarId`), frozen. */
const calendarId = '0193a1c0-ca1e-7da7-8000-000000000001';
/**
 * The built-in calendar as it was when this migration was written, frozen: a later change of the
 * built-in calendar (`defaultSupportCalendar`) never changes what this migration seeds.
 */
const seededCalendar = {"version": "2026-11-21", "weekly": {"mon": [{"start": "09:00", "end": "13:00"}, {"start": "14:30", "end": "18:30"}], "tue": [{"start": "09:00", "end": "13:00"}, {"start": "14:30", "end": "18:30"}], "wed": [{"start": "09:00", "end": "13:00"}, {"start": "14:30", "end": "18:30"}], "thu": [{"start": "09:00", "end": "13:00"}, {"start": "14:30", "end": "18:30"}], "fri": [{"start": "09:00", "end": "13:00"}, {"start": "14:30", "end": "18:30"}], "sat": [{"start": "09:00", "end": "13:00"}, {"start": "14:30", "end": "18:30"}], "sun": [{"start": "09:00", "end": "13:00"}]}, "weekendDays": ["sat", "sun"], "holidays": [{"month": 1, "day": 1, "name": "Capodanno", "windows": []}, {"month": 1, "day": 6, "name": "Epifania", "windows": []}, {"month": 8, "day": 15, "name": "Ferragosto", "windows": []}, {"month": 12, "day": 25, "name": "Natale", "windows": []}, {"month": 12, "day": 26, "name": "Santo Stefano", "windows": []}, {"month": 4, "day": 25, "name": "Festa della Liberazione", "windows": [{"start": "09:00", "end": "13:00"}]}, {"month": 5, "day": 1, "name": "Festa del Lavoro", "windows": [{"start": "09:00", "end": "13:00"}]}, {"month": 6, "day": 2, "name": "Festa della Repubblica", "windows": [{"start": "09:00", "end": "13:00"}]}, {"month": 10, "day": 4, "name": "San Francesco d’Assisi e Santa Caterina da Siena", "windows": [{"start": "09:00", "end": "13:00"}]}, {"month": 11, "day": 1, "name": "Ognissanti", "windows": [{"start": "09:00", "end": "13:00"}]}, {"month": 12, "day": 8, "name": "Immacolata Concezione", "windows": [{"start": "09:00", "end": "13:00"}]}], "easterHolidays": [{"offsetDays": 0, "name": "Pasqua", "windows": []}, {"offsetDays": 1, "name": "Lunedì dell’Angelo", "windows": []}], "closures": []};

/** Immutable once committed: a change is a new migration. */
export const supportCalendarMigration: ServerMigration = {
  id: '20261130140000_support_calendar',
  // The support calendar is data a team lead edits (domain rules §3): one row, its revision and
  // the whole calendar. It starts as the built-in calendar so the first edit has a row to lock.
  statements: (dialect) => {
    const t = typesFor(dialect);
    const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
    const seededAt = '2026-11-21T00:00:00.000Z';
    const seededRow = { id: calendarId, revision: 1, calendar: seededCalendar, updatedAt: seededAt, updatedBy: null };
    return [
      `CREATE TABLE support_calendar (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        calendar_json TEXT NOT NULL,
        updated_at ${t.instant} NOT NULL,
        updated_by TEXT REFERENCES users(id)
      )${t.strict}`,
      `INSERT INTO support_calendar (id, revision, calendar_json, updated_at, updated_by)
       VALUES (${quoted(calendarId)}, 1, ${quoted(JSON.stringify(seededCalendar))}, ${quoted(seededAt)}, NULL)`,
      // In the change log too, so every console pulls the API's version (and its revision) at once.
      `UPDATE sync_counter SET seq = seq + 1 WHERE id = 1`,
      `INSERT INTO sync_changes (seq, entity, entity_id, op, data, changed_at)
       SELECT seq, 'support_calendar', ${quoted(calendarId)}, 'upsert', ${quoted(JSON.stringify(seededRow))}, CAST(${quoted(seededAt)} AS ${t.instant}) FROM sync_counter WHERE id = 1`,
    ];
  },
};
