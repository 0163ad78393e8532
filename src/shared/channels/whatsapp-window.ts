/**
 * WhatsApp's customer-service window: a business may write freely within 24 hours of the
 * customer's last message; after that, only with a template the platform approved. One rule for
 * the console (which tells the technician which it will be) and the API (which sends it).
 */
export const whatsAppWindowHours = 24;

export const whatsAppReplyKind = (lastCustomerMessageAt: string | null, now: string): 'text' | 'template' =>
  lastCustomerMessageAt !== null && Date.parse(now) - Date.parse(lastCustomerMessageAt) < whatsAppWindowHours * 3_600_000 ? 'text' : 'template';
