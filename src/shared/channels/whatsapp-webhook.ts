import { z } from 'zod';

/**
 * The WhatsApp Business Platform's webhook payload (Cloud API, field `messages`), as far as the
 * desk reads it: the messages customers send (text, image, document, audio and voice) and the
 * statuses of ours. Anything else in a payload is ignored, never refused: the platform adds
 * fields, and a refused delivery would be retried for days.
 */
const media = z.object({ id: z.string().min(1).max(200), mime_type: z.string().max(200).optional(), caption: z.string().max(4096).optional(), filename: z.string().max(300).optional() });

export const whatsAppMessageSchema = z.object({
  from: z.string().regex(/^\d{6,15}$/),
  id: z.string().min(1).max(200),
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string().max(40),
  text: z.object({ body: z.string().max(10_000) }).optional(),
  image: media.optional(),
  document: media.optional(),
  audio: media.extend({ voice: z.boolean().optional() }).optional(),
  video: media.optional(),
  sticker: media.optional(),
});
export type WhatsAppMessage = z.infer<typeof whatsAppMessageSchema>;

export const whatsAppStatusSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.string().max(40),
  timestamp: z.string().regex(/^\d{1,12}$/),
  recipient_id: z.string().max(20).optional(),
});

export const whatsAppWebhookSchema = z.object({
  object: z.string(),
  entry: z
    .array(
      z.object({
        changes: z.array(
          z.object({
            field: z.string(),
            value: z.object({
              contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().max(200) }).partial().optional() })).optional(),
              messages: z.array(whatsAppMessageSchema).optional(),
              statuses: z.array(whatsAppStatusSchema).optional(),
            }),
          }),
        ),
      }),
    )
    .max(100),
});
export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>;

/** The messages of a delivery with the sender's profile name, in the order the platform sent them. */
export const messagesOf = (payload: WhatsAppWebhook): Array<{ message: WhatsAppMessage; profileName: string | null }> =>
  payload.entry.flatMap((entry) =>
    entry.changes
      .filter((change) => change.field === 'messages')
      .flatMap((change) =>
        (change.value.messages ?? []).map((message) => ({
          message,
          profileName: change.value.contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name ?? null,
        })),
      ),
  );

/** What a message says in words (the text, a caption), and the file it carries, if any. */
export const whatsAppContent = (message: WhatsAppMessage): { text: string; media: { id: string; filename: string } | null } => {
  switch (message.type) {
    case 'text':
      return { text: message.text?.body ?? '', media: null };
    case 'image':
      return { text: message.image?.caption ?? '', media: message.image ? { id: message.image.id, filename: 'foto-whatsapp.jpg' } : null };
    case 'document':
      return { text: message.document?.caption ?? '', media: message.document ? { id: message.document.id, filename: message.document.filename ?? 'documento-whatsapp.pdf' } : null };
    case 'audio':
      return { text: message.audio?.voice ? 'Messaggio vocale' : 'Audio', media: message.audio ? { id: message.audio.id, filename: 'vocale-whatsapp.ogg' } : null };
    default:
      return { text: `[Messaggio WhatsApp di tipo «${message.type}» non supportato: leggilo sull’app]`, media: null };
  }
};

/** A customer's WhatsApp messages join their open WhatsApp request of the last days rather than opening a new one. */
export const whatsAppThreadDays = 7;
