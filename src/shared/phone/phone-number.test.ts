import { describe, expect, it } from 'vitest';
import { normalizePhone, normalizeWhatsAppId, phoneNumbersIn, phoneTail } from './phone-number.ts';

describe('phone numbers, one canonical form', () => {
  it.each([
    ['045 4684131', '+390454684131'],
    ['045.4684131', '+390454684131'],
    ['+39 045 468 4131', '+390454684131'],
    ['0039 045 4684131', '+390454684131'],
    ['(045) 468-4131', '+390454684131'],
    ['340.0662095', '+393400662095'],
    ['+39 340 066 2095', '+393400662095'],
    ['045.2525658', '+390452525658'],
    ['+41 44 668 18 00', '+41446681800'],
  ])('%s is %s', (raw, e164) => expect(normalizePhone(raw)).toBe(e164));

  it('refuses what is no number', () => {
    expect(normalizePhone('anonymous')).toBeNull();
    expect(normalizePhone('201')).toBeNull();
    expect(normalizePhone('')).toBeNull();
  });

  it('reads a WhatsApp id and a phone field with several numbers', () => {
    expect(normalizeWhatsAppId('393400662095')).toBe('+393400662095');
    expect(normalizeWhatsAppId('+393400662095')).toBeNull();
    expect(phoneNumbersIn('045 4684131 / 340 0662095')).toEqual(['+390454684131', '+393400662095']);
    expect(phoneNumbersIn('tel. 045 4684131; cell. 340 0662095')).toEqual(['+390454684131', '+393400662095']);
    expect(phoneNumbersIn(null)).toEqual([]);
    expect(phoneTail('+390454684131')).toBe('4684131');
  });
});
