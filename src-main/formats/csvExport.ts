import type { Exporter } from './exportRun.js';

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list, with tab and CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: a cell a spreadsheet would run as a formula gets a leading `'` (so `=cmd|' /C calc'!A0`
 * stays text), then RFC 4180 quoting when it holds a comma, a quote or a line break.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180: CRLF after every record, the last included. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/**
 * `OUT/labels.csv` with `path,label,split` (a header row, then one row per image in path order), the
 * images in `OUT/images/`. `path` is relative to OUT with `/`; a multi-label image lists its classes
 * joined with `;` in class order; `split` is train, val, test or empty. UTF-8 without a BOM.
 */
export const csvExporter: Exporter = {
  labeledBy: 'tags',
  async write(run) {
    const planned = run.selection.items.map((item) => ({ item, rel: run.nameIn('images', item) }));
    const written = await run.forEach(
      planned,
      (p) => p.item.path,
      async (p) => ((await run.writeImage(p.item, [p.rel])) ? p : null),
    );
    const rows = [['path', 'label', 'split']];
    for (const p of written) if (p) rows.push([p.rel, p.item.labels.join(';'), p.item.split ?? '']);
    await run.writeText('labels.csv', toCsv(rows));
  },
};
