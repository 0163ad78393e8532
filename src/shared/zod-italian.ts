import { z } from 'zod';

// Validation messages reach technicians: speak Italian. Imported for its effect by every module
// that declares schemas a person may see the errors of.
z.config(z.locales.it());

export const zodSpeaksItalian = true;
