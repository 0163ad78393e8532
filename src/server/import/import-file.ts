import { readSheet, type SheetData } from 'read-excel-file/node';
import { parseDelimitedText } from '../../shared/import/delimited-text.ts';
import type { ImportTableRow } from '../../shared/import/import-kinds.ts';
import type { ImportCell } from '../../shared/import/import-values.ts';
import { AppFailure } from '../../shared/result.ts';
import { importFileMaxBytes } from '../../shared/import/import-api.ts';


const isZip = (bytes: Uint8Array) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Text as offices save it: UTF-8 (with or without a BOM) when it decodes as UTF-8, otherwise
 * Windows-1252, which is what Excel writes for «CSV (delimitato dal separatore di elenco)» on
 * Italian Windows (è, à, ’ and € are single bytes there that are not valid UTF-8).
 */
export const decodeOfficeText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
};

// Node's decoder for the `windows-1252` label (with the ICU its builds carry) answers Latin-1,
// where 0x80–0x9F are control characters: the euro sign and the typographic apostrophe Italian
// text is full of would be lost. The code page's own table for that range, per the WHATWG
// Encoding Standard's index-windows-1252 (undefined bytes keep their Latin-1 value).
const windows1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const decodeWindows1252 = (bytes: Uint8Array): string => {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(...chunk).replace(/[\u0080-\u009F]/g, (char) => windows1252High[char.charCodeAt(0) - 0x80] ?? char);
  }
  return text;
};

// The library types a date cell as `typeof Date`; it hands over Date objects.
const toImportCell = (cell: unknown): ImportCell =>
  cell instanceof Date || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean' ? cell : null;

/** A file's rows, the header first: XLSX (the first sheet) by its content, anything else as CSV. */
export const readImportFile = async (bytes: Uint8Array): Promise<ImportTableRow[]> => {
  if (bytes.length === 0) throw new AppFailure('invalid_argument', 'Il file è vuoto.');
  if (bytes.length > importFileMaxBytes) throw new AppFailure('invalid_argument', 'Il file supera i 20 MB: dividilo in più file.');
  if (isZip(bytes)) {
    let sheet: SheetData;
    try {
      sheet = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 1);
    } catch {
      throw new AppFailure('invalid_argument', 'Il file non è un foglio Excel (.xlsx) leggibile: salvalo di nuovo come .xlsx o come CSV.');
    }
    return sheet.flatMap((row, index) => {
      const cells = row.map(toImportCell);
      return cells.some((cell) => cell !== null && String(cell).trim() !== '') ? [{ line: index + 1, cells }] : [];
    });
  }
  return parseDelimitedText(decodeOfficeText(bytes));
};
