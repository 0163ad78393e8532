import { z } from 'zod';
import { safeText } from '../input-text.ts';
import { importKindSchema } from './import-kinds.ts';

/** The largest file an import takes (a customer base of 100,000 rows is a few MB of CSV). */
export const importFileMaxBytes = 20 * 1024 * 1024;
/** The same file as base64 in a JSON body, with room for the other fields. */
export const importUploadMaxBodyBytes = Math.ceil(importFileMaxBytes / 3) * 4 + 4096;

/** What the *Importa* screen sends: the file's bytes as base64 (JSON carries no bytes). */
export const importUploadSchema = z
  .object({
    kind: importKindSchema,
    fileName: safeText(200).min(1),
    dryRun: z.boolean(),
    content: z.base64().max(importUploadMaxBodyBytes - 4096, 'Il file supera i 20 MB: dividilo in più file.'),
  })
  .strict();
export type ImportUpload = z.infer<typeof importUploadSchema>;
