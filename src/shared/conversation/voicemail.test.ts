import { describe, expect, it } from 'vitest';
import { formatVoicemailDuration, readVoicemail } from './voicemail.ts';

describe('voicemail notifications of the common PBXs', () => {
  it('reads Asterisk’s and FreePBX’s default text', () => {
    const body = 'Dear Assistenza:\n\n\tjust wanted to let you know you were just left a 0:35 long message (number 1)\nin mailbox 100 from "Mario Rossi" <0454684131>, on Monday, November 23, 2026 at 06:15:00 PM so you might\nwant to check it when you get a chance.  Thanks!\n\n\t\t\t\t--Asterisk\n';
    expect(readVoicemail('asterisk', '[PBX]: New message 1 in mailbox 100', body)).toEqual({ callerNumber: '0454684131', callerName: 'Mario Rossi', durationSeconds: 35 });
    expect(readVoicemail('asterisk', '', 'you were just left a 1:02 long message (number 2) in mailbox 100 from 3400662095, on Monday').callerNumber).toBe('3400662095');
    expect(readVoicemail('asterisk', '', 'you were just left a 0:10 long message (number 3) in mailbox 100 from "Unknown" <anonymous>, on Monday')).toEqual({ callerNumber: 'anonymous', callerName: null, durationSeconds: 10 });
  });

  it('reads 3CX’s default text', () => {
    expect(readVoicemail('3cx', 'New Voicemail from Mario Rossi (+39 045 468 4131)', 'You have a new voicemail.\nDuration: 00:01:05\n')).toEqual({ callerNumber: '+39 045 468 4131', callerName: 'Mario Rossi', durationSeconds: 65 });
    expect(formatVoicemailDuration(65)).toBe('1:05');
    expect(formatVoicemailDuration(null)).toBe('durata non indicata');
  });
});
