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
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(field);
    if (cells.some((cell) => cell.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    field = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (char === delimiter) {
      cells.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else field += char;
  }
  if (field !== '' || cells.length > 0) endRow();
  return rows;
};
