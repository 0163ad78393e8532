/**
 * What a file is, read from its first bytes (never from its name or the type a browser or a
 * mail claims): only images, PDF and audio are kept as attachments. The answer is the media type
 * the API serves it with, so a file named `foto.jpg` that is really HTML is refused, not served.
 */
export const attachmentMaxBytes = 10 * 1024 * 1024;
export const attachmentsPerMessage = 5;
/** A file as it crosses the console's host bridge (base64, plus its name): the browser host admits this much for `attachments.upload`. */
export const attachmentUploadMaxBodyBytes = Math.ceil(attachmentMaxBytes / 3) * 4 + 4096;

const startsWith = (bytes: Uint8Array, signature: ReadonlyArray<number>, offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

const kinds: ReadonlyArray<{ mediaType: string; matches: (bytes: Uint8Array) => boolean }> = [
  { mediaType: 'image/jpeg', matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]) },
  { mediaType: 'image/png', matches: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mediaType: 'image/gif', matches: (bytes) => startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')) },
  { mediaType: 'image/webp', matches: (bytes) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8) },
  { mediaType: 'application/pdf', matches: (bytes) => startsWith(bytes, ascii('%PDF-')) },
  { mediaType: 'audio/wav', matches: (bytes) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WAVE'), 8) },
  { mediaType: 'audio/ogg', matches: (bytes) => startsWith(bytes, ascii('OggS')) },
  { mediaType: 'audio/mpeg', matches: (bytes) => startsWith(bytes, ascii('ID3')) || (bytes.length > 1 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) },
  { mediaType: 'audio/mp4', matches: (bytes) => startsWith(bytes, ascii('ftyp'), 4) && (startsWith(bytes, ascii('M4A '), 8) || startsWith(bytes, ascii('isom'), 8) || startsWith(bytes, ascii('mp42'), 8)) },
  { mediaType: 'audio/amr', matches: (bytes) => startsWith(bytes, ascii('#!AMR')) },
];

/** The media type of an accepted file, or null when it is none of the kinds we keep. */
export const sniffAttachmentType = (bytes: Uint8Array): string | null => kinds.find((kind) => kind.matches(bytes))?.mediaType ?? null;

export const isImageType = (mediaType: string): boolean => mediaType.startsWith('image/');
export const isAudioType = (mediaType: string): boolean => mediaType.startsWith('audio/');

/** Italian words for a file the desk does not keep, or null when it is fine. */
export const attachmentProblem = (bytes: Uint8Array, name: string): string | null => {
  if (bytes.length === 0) return `«${name}» è vuoto.`;
  if (bytes.length > attachmentMaxBytes) return `«${name}» supera i ${attachmentMaxBytes / 1024 / 1024} MB ammessi per allegato.`;
  if (!sniffAttachmentType(bytes)) return `«${name}» non è un’immagine, un PDF o un audio: non può essere allegato.`;
  return null;
};

/** A file name safe to show and to offer for download: no path, no control characters, at most 200 characters. */
export const cleanAttachmentName = (name: string): string => {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>]/g, '').trim().slice(0, 200);
  return cleaned || 'allegato';
};
