/**
 * The CSV that Italian offices produce: Excel on Italian Windows writes «CSV (delimitato dal
 * separatore di elenco)» with `;` (the comma is the decimal separator), other tools write `,`.
 * Either may come with a byte-order mark and CRLF or LF line ends; fields follow RFC 4180
 * (double quotes around a field, a doubled quote inside it, line breaks inside quotes).
 */
export type Delimiter = ';' | ',' | '\t';

const candidates: readonly Delimiter[] = [';', ',', '\t'];

/** The delimiter the header line uses most, counted outside quotes (`;` wins a tie: it is the Italian default). */
export const detectDelimiter = (text: string): Delimiter => {
  const counts = new Map<Delimiter, number>(candidates.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ';';
  for (const delimiter of candidates) if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return best;
};

/** Rows of fields, in file order; a row of only empty fields (a blank line) is dropped but keeps its line number. */
export type TextRow = { line: number; cells: string[] };

export const parseDelimitedText = (input: string, delimiter: Delimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))): TextRow[] => {
  const text = input.replace(/^\uFEFF/, '');
  const rows: TextRow[] = [];
  const keep = (line: number, cells: string[]) => {
    if (cells.some((cell) => cell.trim() !== '')) rows.push({ line, cells });
  };
  let position = 0;
  let line = 1;
  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    const end = newline === -1 ? text.length : newline;
    const physical = text.slice(position, end);
    if (!physical.includes('"')) {
      // The common row: no quotes, so it is one physical line split at the delimiter.
      keep(line, (physical.endsWith('\r') ? physical.slice(0, -1) : physical).split(delimiter));
      position = end + 1;
      line += 1;
      continue;
    }
    const parsed = parseQuotedRow(text, position, delimiter);
    keep(line, parsed.cells);
    line += parsed.lines;
    position = parsed.next;
  }
  return rows;
};

/** One logical row that has quotes (RFC 4180): a quoted field may hold the delimiter, `""` and line breaks. */
const parseQuotedRow = (text: string, start: number, delimiter: Delimiter): { cells: string[]; next: number; lines: number } => {
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  let lines = 1;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') lines += 1;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (char === delimiter) {
      cells.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      cells.push(field);
      return { cells, next: index + 2, lines };
    } else if (char === '\n' || char === '\r') {
      cells.push(field);
      return { cells, next: index + 1, lines };
    } else field += char;
  }
  cells.push(field);
  return { cells, next: text.length, lines };
};
