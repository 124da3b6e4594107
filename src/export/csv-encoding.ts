/** Cells a spreadsheet would run as a formula; plain numbers and phone numbers (`+1 416…`) are left alone. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-]?[\d\s().-]+$/;

/**
 * One RFC 4180 record, CRLF-terminated. null is an empty field, an empty string is `""`;
 * a field with a comma, quote, CR or LF is quoted with quotes doubled; text a spreadsheet
 * would read as a formula gets a leading `'`.
 */
export function csvRecord(cells: readonly (string | number | boolean | null)[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

function csvField(cell: string | number | boolean | null): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = FORMULA_START.test(cell) && !NUMBER_LIKE.test(cell) ? `'${cell}` : cell;
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
