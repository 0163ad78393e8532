import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { attachmentProblem, cleanAttachmentName, sniffAttachmentType } from '../../shared/conversation/attachment-types.ts';
import type { AttachmentRef } from '../../shared/conversation/ticket-message.ts';
import { AppFailure } from '../../shared/result.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

type Db = Kysely<ServerDatabase>;

const shaPattern = /^[0-9a-f]{64}$/;

/** Where a file lives: its hash's first two characters as a folder, so no folder holds millions. */
const attachmentPath = (folder: string, sha256: string): string => {
  if (!shaPattern.test(sha256)) throw new AppFailure('not_found', 'Allegato non trovato.');
  return join(folder, sha256.slice(0, 2), sha256);
};

/**
 * Keeps a file under its SHA-256 in the API's data folder (written to a temporary name and renamed,
 * so a crash never leaves half a file under a hash) and records its type read from its bytes. The
 * same bytes sent twice are kept once. Refused in Italian when empty, too large, or not an image,
 * a PDF or an audio file whatever its name says.
 */
export const storeAttachment = async (db: Db, folder: string, file: { bytes: Uint8Array; name: string }, now: Date): Promise<AttachmentRef> => {
  const name = cleanAttachmentName(file.name);
  const problem = attachmentProblem(file.bytes, name);
  if (problem) throw new AppFailure('invalid_argument', problem);
  const mediaType = sniffAttachmentType(file.bytes) ?? 'application/octet-stream';
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const path = attachmentPath(folder, sha256);
  if (!existsSync(path)) {
    await mkdir(join(folder, sha256.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomUUID()}.part`;
    await writeFile(temporary, file.bytes, { mode: 0o600 });
    await rename(temporary, path);
  }
  await db
    .insertInto('attachments')
    .values({ sha256, media_type: mediaType, size_bytes: file.bytes.length, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { sha256, name, mediaType, sizeBytes: file.bytes.length };
};

/** The full references of files uploaded before a message names them; a file never uploaded is refused. */
export const resolveAttachments = async (db: Db, files: ReadonlyArray<{ sha256: string; name: string }>): Promise<AttachmentRef[]> => {
  if (files.length === 0) return [];
  const rows = await db.selectFrom('attachments').selectAll().where('sha256', 'in', files.map((file) => file.sha256)).execute();
  return files.map((file) => {
    const row = rows.find((candidate) => candidate.sha256 === file.sha256);
    if (!row) throw new AppFailure('invalid_argument', `L’allegato «${cleanAttachmentName(file.name)}» non è stato caricato: lo alleghi di nuovo.`);
    return { sha256: row.sha256, name: cleanAttachmentName(file.name), mediaType: row.media_type, sizeBytes: Number(row.size_bytes) };
  });
};

/** A kept file's bytes and type (the caller has already checked who may read it). */
export const readAttachmentFile = async (db: Db, folder: string, sha256: string): Promise<{ bytes: Buffer; mediaType: string }> => {
  const path = attachmentPath(folder, sha256);
  const row = await db.selectFrom('attachments').select('media_type').where('sha256', '=', sha256).executeTakeFirst();
  if (!row || !existsSync(path)) throw new AppFailure('not_found', 'Allegato non trovato.');
  return { bytes: await readFile(path), mediaType: row.media_type };
};

export const isAttachmentHash = (value: string): boolean => shaPattern.test(value);
