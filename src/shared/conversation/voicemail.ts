/**
 * The voicemail box's mails (issue 25): the desk's PBX mails every message as an audio
 * attachment from its own address. Each preset reads a common PBX's notification: who called,
 * their number, how long the message is. A pattern, not a guess: docs/channels.md gives the
 * template each preset expects.
 */
export const voicemailPresets = ['asterisk', '3cx'] as const;
export type VoicemailPreset = (typeof voicemailPresets)[number];
export const voicemailPresetLabels = {
  asterisk: 'FreePBX / Asterisk (modello predefinito)',
  '3cx': '3CX (modello predefinito)',
} as const satisfies Record<VoicemailPreset, string>;

export type VoicemailNotice = { callerNumber: string | null; callerName: string | null; durationSeconds: number | null };

const seconds = (minutes: string | undefined, rest: string | undefined): number | null => (minutes === undefined || rest === undefined ? null : Number(minutes) * 60 + Number(rest));
const cleanName = (name: string | undefined): string | null => {
  const trimmed = name?.trim().replace(/^"|"$/g, '').trim();
  return trimmed && !/^(unknown|anonymous|sconosciuto)$/i.test(trimmed) ? trimmed : null;
};

const readers: Record<VoicemailPreset, (subject: string, body: string) => VoicemailNotice> = {
  // Asterisk's default (FreePBX keeps it): «…you were just left a 0:35 long message (number 1) in mailbox 100 from "Mario Rossi" <0454684131>, on …»
  asterisk: (_subject, body) => {
    const flat = body.replaceAll(/\s+/g, ' ');
    const duration = /left a (\d+):(\d{2}) long message/i.exec(flat);
    const from = /\bfrom (?:"([^"]*)"\s*)?<?([+\d][\d\s.()-]{4,}\d)>?/i.exec(flat) ?? /\bfrom (?:"([^"]*)"\s*)?<?(\w+)>?,/i.exec(flat);
    return { callerNumber: from?.[2]?.trim() ?? null, callerName: cleanName(from?.[1]), durationSeconds: seconds(duration?.[1], duration?.[2]) };
  },
  // 3CX's default: subject «New Voicemail from Mario Rossi (0454684131)», a «Duration: 00:35» line in the body.
  '3cx': (subject, body) => {
    const from = /from\s+(.*?)\s*\(([+\d][\d\s.()-]{4,}\d)\)/i.exec(subject) ?? /from\s+(.*?)\s*\(([+\d][\d\s.()-]{4,}\d)\)/i.exec(body);
    const duration = /(?:duration|durata)\s*:?\s*(?:\d+:)?(\d+):(\d{2})/i.exec(body);
    return { callerNumber: from?.[2]?.trim() ?? null, callerName: cleanName(from?.[1]), durationSeconds: seconds(duration?.[1], duration?.[2]) };
  },
};

export const readVoicemail = (preset: VoicemailPreset, subject: string, body: string): VoicemailNotice => readers[preset](subject, body);

export const formatVoicemailDuration = (durationSeconds: number | null): string =>
  durationSeconds === null ? 'durata non indicata' : `${Math.floor(durationSeconds / 60)}:${String(durationSeconds % 60).padStart(2, '0')}`;
