import { describe, expect, it } from 'vitest';
import { attachmentMaxBytes, attachmentProblem, cleanAttachmentName, sniffAttachmentType } from './attachment-types.ts';

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('attachment types, read from the bytes', () => {
  it('recognises images, PDF and the audio a PBX or a phone records', () => {
    expect(sniffAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAttachmentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffAttachmentType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffAttachmentType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffAttachmentType(bytes('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffAttachmentType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBe('audio/wav');
    expect(sniffAttachmentType(bytes('OggS', [0]))).toBe('audio/ogg');
    expect(sniffAttachmentType(bytes('ID3', [3, 0]))).toBe('audio/mpeg');
    expect(sniffAttachmentType(bytes([0xff, 0xfb, 0x90]))).toBe('audio/mpeg');
    expect(sniffAttachmentType(bytes([0, 0, 0, 0x20], 'ftypM4A '))).toBe('audio/mp4');
    expect(sniffAttachmentType(bytes('#!AMR\n'))).toBe('audio/amr');
  });

  it('refuses what is not one of them whatever its name, empty files and files over the limit', () => {
    expect(sniffAttachmentType(bytes('<html>'))).toBeNull();
    expect(sniffAttachmentType(bytes('MZ', [0x90, 0]))).toBeNull();
    expect(attachmentProblem(bytes('<svg onload=alert(1)>'), 'foto.jpg')).toBe('«foto.jpg» non è un’immagine, un PDF o un audio: non può essere allegato.');
    expect(attachmentProblem(new Uint8Array(0), 'vuoto.pdf')).toBe('«vuoto.pdf» è vuoto.');
    expect(attachmentProblem(new Uint8Array(attachmentMaxBytes + 1), 'grande.pdf')).toBe('«grande.pdf» supera i 10 MB ammessi per allegato.');
    expect(attachmentProblem(bytes('%PDF-1.4'), 'ok.pdf')).toBeNull();
  });

  it('keeps a name safe to show: no folders, no control characters, never empty', () => {
    expect(cleanAttachmentName('C:\\Users\\mario\\foto "1".jpg')).toBe('foto 1.jpg');
    expect(cleanAttachmentName('../../etc/passwd')).toBe('passwd');
    expect(cleanAttachmentName('\u0000\u0007')).toBe('allegato');
  });
});
