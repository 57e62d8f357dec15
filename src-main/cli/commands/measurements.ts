import fs from 'node:fs';
import path from 'node:path';
import type { ImageMeasurements } from '../../api/measurements.js';
import { LightboxError } from '../../api/errors.js';
import { printableJson } from '../../api/printable.js';
import { openHost } from '../cliHost.js';
import { type Command, parse, requireArg, shown } from '../cliSupport.js';

const usage = 'lightbox measurements DATASET [--json | --out FILE.csv]';

/** A text cell: a spreadsheet must not run a class or file name as a formula, then RFC 4180 quoting. */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const num = (v: number | null, digits = 3) => (v === null ? '' : String(Math.round(v * 10 ** digits) / 10 ** digits));

const HEADER = ['image', 'id', 'class', 'kind', 'area_px', 'area_mm2', 'perimeter_px', 'perimeter_mm', 'length_px', 'length_mm', 'spacing_mm'];

/** One row per region and per ruler: the columns of issue 10's measurements file. */
export function measurementRows(images: readonly ImageMeasurements[]): string[][] {
  const rows: string[][] = [];
  for (const img of images) {
    const sp = img.spacing ? `${num(img.spacing.row, 6)}x${num(img.spacing.col, 6)}${img.spacing.source === 'ImagerPixelSpacing' ? ' (detector)' : ''}` : '';
    for (const r of img.regions) rows.push([textCell(img.path), String(r.id), textCell(r.className), r.kind, num(r.areaPx), num(r.areaMm2), num(r.perimeterPx), num(r.perimeterMm), '', '', sp]);
    for (const r of img.rulers) rows.push([textCell(img.path), String(r.id), '', 'ruler', '', '', '', '', num(r.lengthPx), num(r.lengthMm), sp]);
  }
  return rows;
}

export const measurementsCommand: Command = {
  name: 'measurements',
  usage,
  summary: 'region areas (px, mm²), polygon perimeters and ruler lengths (mm) per image',
  help: ['mm come from each image\'s pixel spacing; an image without one has px only (its mm columns are empty).', 'A polygon\'s area excludes its holes and its perimeter includes the holes\' edges.', '--out writes a CSV (image, id, class, kind, area_px, area_mm2, perimeter_px, perimeter_mm, length_px, length_mm, spacing_mm).'],
  async run(argv) {
    const { positionals, values } = parse(argv, { json: { type: 'boolean' }, out: { type: 'string' } }, usage);
    const { host } = await openHost(requireArg(positionals[0], 'DATASET', usage));
    try {
      const { images } = await host.call('measurements.list', {});
      if (values.json) {
        console.log(printableJson(images));
        return;
      }
      if (values.out) {
        const out = path.resolve(values.out);
        const text = [HEADER, ...measurementRows(images)].map((r) => `${r.join(',')}\r\n`).join('');
        const tmp = `${out}.${process.pid}.tmp`;
        try {
          fs.writeFileSync(tmp, text);
          fs.renameSync(tmp, out);
        } catch (e) {
          fs.rmSync(tmp, { force: true });
          throw new LightboxError('NOT_WRITABLE', `Cannot write ${shown(out)}: ${(e as Error).message}. Choose a folder you can write to.`);
        }
        const n = images.reduce((a, i) => a + i.regions.length + i.rulers.length, 0);
        console.log(`wrote ${n} measurement${n === 1 ? '' : 's'} of ${images.length} image${images.length === 1 ? '' : 's'} to ${shown(out)}`);
        return;
      }
      if (images.length === 0) {
        console.log('no regions or rulers yet');
        return;
      }
      const lines: string[] = [];
      for (const img of images) {
        const sp = img.spacing ? `spacing ${num(img.spacing.row, 6)} × ${num(img.spacing.col, 6)} mm${img.spacing.source === 'ImagerPixelSpacing' ? ' (at the detector)' : ''}` : 'no pixel spacing: px only';
        lines.push(`${shown(img.path)}  (${sp})`);
        for (const r of img.regions) {
          const mm = r.areaMm2 === null ? '' : `, ${num(r.areaMm2, 2)} mm²`;
          const per = r.perimeterPx === null ? '' : `, perimeter ${r.perimeterMm === null ? `${num(r.perimeterPx, 1)} px` : `${num(r.perimeterMm, 2)} mm`}`;
          lines.push(`  region ${r.id}  ${shown(r.className)} ${r.kind}: ${num(r.areaPx, 1)} px²${mm}${per}`);
        }
        for (const r of img.rulers) lines.push(`  ruler ${r.id}: ${r.lengthMm === null ? `${num(r.lengthPx, 1)} px` : `${num(r.lengthMm, 2)} mm (${num(r.lengthPx, 1)} px)`}`);
      }
      console.log(lines.join('\n'));
    } finally {
      host.close();
    }
  },
};
