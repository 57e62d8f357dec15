import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { printable, unsafeReason } from '../dataset/pathSafety.js';
import { parseCsv } from './csvParse.js';
import type { PlanContext } from './importSource.js';
import { planImage, resolveImageRef } from './importedImages.js';
import { labelProblem, type Plan, splitOf } from './labeledImport.js';

/**
 * CSV of `path,label[,split]`, with or without a header row (`path`/`filename`/`image`,
 * `label`/`labels`/`class`, `split`). Several labels in one cell are joined with `;`.
 * Each path is resolved as DESIGN.md "Importing labels" says: relative to the CSV's folder, then
 * to the dataset root, then as a unique file name among the dataset's images; a path that leaves
 * its base folder (`..`, absolute, drive letter, URL) is refused and listed, never opened.
 */

export const MAX_CSV_BYTES = 200 * 1024 * 1024;

const PATH_COLUMNS = ['path', 'filename', 'file', 'image', 'image_path', 'filepath', 'file_name', 'img'];
const LABEL_COLUMNS = ['label', 'labels', 'class', 'classes', 'category', 'target'];
const SPLIT_COLUMNS = ['split', 'subset', 'set', 'fold'];

function columns(rows: string[][]): { header: boolean; path: number; label: number; split: number } {
  const first = (rows[0] ?? []).map((c) => c.trim().toLowerCase());
  const p = first.findIndex((c) => PATH_COLUMNS.includes(c));
  if (p < 0) return { header: false, path: 0, label: 1, split: 2 };
  return { header: true, path: p, label: first.findIndex((c) => LABEL_COLUMNS.includes(c)), split: first.findIndex((c) => SPLIT_COLUMNS.includes(c)) };
}

export async function planCsv(file: string, ctx: PlanContext): Promise<Plan> {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new LightboxError('BAD_FILE', `${file} is a folder; choose the CSV file.`);
    if (st.size > MAX_CSV_BYTES) throw new LightboxError('BAD_FILE', `${file} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; split it into smaller files.`);
    text = ctx.source.read(file, MAX_CSV_BYTES);
  } catch (e) {
    if (e instanceof LightboxError) throw e;
    throw new LightboxError('NOT_FOUND', `Cannot read ${file}. Check the path and that the file exists.`);
  }
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new LightboxError('BAD_FILE', `${path.basename(file)} is not valid CSV: ${(e as Error).message}.`);
  }
  const cols = columns(rows);
  const base = fs.realpathSync(path.dirname(path.resolve(file)));
  const realRoot = fs.realpathSync(ctx.datasetRoot);
  const plan: Plan = { format: 'csv', images: [], skipped: [] };
  const sourceName = path.basename(file, path.extname(file));

  rows.slice(cols.header ? 1 : 0).forEach((row, i) => {
    const lineRef = `line ${i + 1 + (cols.header ? 1 : 0)}`;
    const ref = (row[cols.path] ?? '').trim();
    if (!ref) return plan.skipped.push({ ref: lineRef, reason: 'no image path' });
    // A refusal is listed as such even when the row has other problems too.
    const unsafe = unsafeReason(ref);
    if (unsafe) return plan.skipped.push({ ref: printable(ref), reason: `refused: the path ${unsafe}` });
    const labels = cols.label >= 0 ? (row[cols.label] ?? '').split(';').map((l) => l.trim()).filter(Boolean) : [];
    const bad = labels.map(labelProblem).find((x) => x !== null);
    if (bad) return plan.skipped.push({ ref: printable(ref), reason: bad });
    const splitCell = cols.split >= 0 ? (row[cols.split] ?? '').trim() : '';
    const split = splitCell ? splitOf(splitCell) : null;
    if (splitCell && !split) return plan.skipped.push({ ref: printable(ref), reason: `unknown split "${printable(splitCell)}" (use train, val or test)` });
    planImage(plan, sourceName, base, ref, resolveImageRef(ref, [base], realRoot, ctx.byName, 'file not found'), { labels, split });
  });
  return plan;
}
