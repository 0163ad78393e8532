import type { MessageVisibility } from '../../shared/conversation/ticket-message.ts';
import { hostApi } from '../host/host-context.ts';

/**
 * What the thread does through the host: write a message (stamped and queued by the core, sent
 * at the next sync) and fetch a file from the API (online only: the bytes are not replicated).
 * Each answers the Italian reason it failed, or its value.
 */
export const writeTicketMessage = async (ticketId: string, visibility: MessageVisibility, body: string): Promise<{ ok: true } | { ok: false; message: string }> => {
  const result = await hostApi().invoke('tickets.writeMessage', { ticketId, visibility, body });
  return result.ok ? { ok: true } : { ok: false, message: result.error.message };
};

export const fetchAttachment = async (ticketId: string, sha256: string): Promise<{ ok: true; url: string; mediaType: string } | { ok: false; message: string }> => {
  const result = await hostApi().invoke('attachments.get', { ticketId, sha256 });
  return result.ok ? { ok: true, url: `data:${result.value.mediaType};base64,${result.value.dataBase64}`, mediaType: result.value.mediaType } : { ok: false, message: result.error.message };
};
