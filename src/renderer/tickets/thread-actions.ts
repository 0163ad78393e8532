import type { AttachmentRef, MessageVisibility } from '../../shared/conversation/ticket-message.ts';
import { attachmentMaxBytes } from '../../shared/conversation/attachment-types.ts';
import { hostApi } from '../host/host-context.ts';

/**
 * What the thread does through the host: write a message (stamped and queued by the core, sent
 * at the next sync) and fetch a file from the API (online only: the bytes are not replicated).
 * Each answers the Italian reason it failed, or its value.
 */
export const writeTicketMessage = async (ticketId: string, visibility: MessageVisibility, body: string, attachments: AttachmentRef[] = []): Promise<{ ok: true } | { ok: false; message: string }> => {
  const result = await hostApi().invoke('tickets.writeMessage', { ticketId, visibility, body, attachments });
  return result.ok ? { ok: true } : { ok: false, message: result.error.message };
};

/** Bytes as base64 without building one enormous string of characters first. */
const base64Of = (bytes: Uint8Array): string => {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
};

/** Sends a chosen file to the API now (online only): its reference, or why not (too large, not an image/PDF/audio, offline). */
export const uploadAttachment = async (file: File): Promise<{ ok: true; ref: AttachmentRef } | { ok: false; message: string }> => {
  if (file.size > attachmentMaxBytes) return { ok: false, message: `«${file.name}» supera i 10 MB ammessi per allegato.` };
  const result = await hostApi().invoke('attachments.upload', { fileName: file.name, dataBase64: base64Of(new Uint8Array(await file.arrayBuffer())) });
  return result.ok ? { ok: true, ref: result.value } : { ok: false, message: result.error.message };
};

export const fetchAttachment = async (ticketId: string, sha256: string): Promise<{ ok: true; url: string; mediaType: string } | { ok: false; message: string }> => {
  const result = await hostApi().invoke('attachments.get', { ticketId, sha256 });
  return result.ok ? { ok: true, url: `data:${result.value.mediaType};base64,${result.value.dataBase64}`, mediaType: result.value.mediaType } : { ok: false, message: result.error.message };
};
