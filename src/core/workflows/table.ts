/** Plain-text tables and CSV for the reporting commands. Pure. */

export type Align = 'left' | 'right';

/** Width of a string in terminal columns, approximated by its code points. */
function width(s: string): number {
  return Array.from(s).length;
}

/**
 * An aligned table: one header line, then the rows. Columns are separated by two spaces;
 * numbers are usually right-aligned. Trailing spaces are trimmed.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[], align: readonly Align[] = []): string {
  const cells = [headers.map(String), ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => width(r[c] ?? ''))));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, widths[c]! - width(cell)));
        return align[c] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .replace(/\s+$/, '');
  return `${cells.map(line).join('\n')}\n`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF. */
export function csvField(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text with a header line. Lines end with LF (not RFC 4180's CRLF), like jq's @csv. */
export function formatCsv(headers: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return [headers, ...rows].map((r) => `${r.map(csvField).join(',')}\n`).join('');
}
