/**
 * CSV for the accountant (RFC 4180; no CSV library in the project). Choices for French
 * spreadsheets, which open these files by double-click: a UTF-8 byte order mark (else Excel reads
 * accents as Latin-1), ';' between fields (Excel FR expects it, ',' being the decimal sign),
 * amounts as "1234,56", CRLF line ends. A field is quoted when it holds the separator, a quote,
 * CR or LF (or leading/trailing spaces), and a quote inside is doubled.
 *
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (OWASP "CSV injection"): a client's name is typed by someone else.
 */
export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  delimiter?: string;
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number ("-12,34", "-5") is data, not a formula: it keeps its sign. */
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/;

export function csvField(value: CsvCell, delimiter = ';'): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  const needsQuotes = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim();
  return needsQuotes ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const d = options.delimiter ?? ';';
  const lines = [header, ...rows].map((r) => r.map((c) => csvField(c, d)).join(d));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** 123456 → "1234,56"; -5 → "-0,05" (a number, so never escaped as a formula). */
export function csvAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Parses what toCsv writes (and any RFC 4180 text): for tests and for re-reading an export.
 * Quoted fields may hold separators, doubled quotes and line breaks.
 */
export function parseCsv(text: string, delimiter = ';'): string[][] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
