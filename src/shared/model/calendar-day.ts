import { z } from 'zod';

/** A calendar day `yyyy-MM-dd` that really exists (no 31 February). */
export const calendarDaySchema = z.iso.date();
/** A UTC ISO instant with its offset, as stored everywhere. */
export const instantSchema = z.iso.datetime({ offset: true });
