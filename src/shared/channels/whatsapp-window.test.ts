import { describe, expect, it } from 'vitest';
import { whatsAppReplyKind } from './whatsapp-window.ts';

describe('WhatsApp’s 24-hour customer-service window', () => {
  it('free text within 24 hours of the customer’s last message, the template after or without one', () => {
    expect(whatsAppReplyKind('2026-11-23T10:00:00.000Z', '2026-11-24T09:59:59.000Z')).toBe('text');
    expect(whatsAppReplyKind('2026-11-23T10:00:00.000Z', '2026-11-24T10:00:00.000Z')).toBe('template');
    expect(whatsAppReplyKind(null, '2026-11-24T10:00:00.000Z')).toBe('template');
  });
});
