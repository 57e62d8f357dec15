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
 * images in `OUT/images/`. With merged annotators' answers, a fourth column `annotator` says whose
 * answer each row is (empty: the dataset's own label); `--annotations all` writes the dataset's own
 * labels (annotator empty, even when they were taken from an annotator's answer) and then one row per answer. `path` is relative to OUT with `/`; a multi-label image lists its classes
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
    const withAnnotator = run.selection.annotatorColumn ?? false;
    const rows = [withAnnotator ? ['path', 'label', 'split', 'annotator'] : ['path', 'label', 'split']];
    for (const p of written) {
      if (!p) continue;
      const split = p.item.split ?? '';
      if (!withAnnotator) rows.push([p.rel, p.item.labels.join(';'), split]);
      else if (!p.item.answers) rows.push([p.rel, p.item.labels.join(';'), split, p.item.annotator ?? '']);
      else {
        // --annotations all: the dataset's own labels (when there are) with no name, so a row with a name is always that annotator's answer; then each answer.
        if (p.item.labels.length > 0) rows.push([p.rel, p.item.labels.join(';'), split, '']);
        for (const a of p.item.answers) rows.push([p.rel, a.labels.join(';'), split, a.annotator]);
      }
    }
    await run.writeText('labels.csv', toCsv(rows));
  },
};
