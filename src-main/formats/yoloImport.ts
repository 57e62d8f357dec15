import fs from 'node:fs';
import path from 'node:path';
import { MAX_POLYGON_VERTICES, type RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { kindOfExtension } from '../dataset/imageMagic.js';
import { printable, resolveInside, unsafeReason } from '../dataset/pathSafety.js';
import type { PlanContext } from './importSource.js';
import { type SplitName, splitOf } from './labeledImport.js';
import { planImage } from './importedImages.js';
import type { ImportedRegion, RegionPlan } from './regionImport.js';
import { rectangleOf } from './regionSupport.js';

/**
 * Ultralytics YOLO: `data.yaml` (names, and the image folder of each split), images in those
 * folders and one `labels/.../STEM.txt` beside each (the last `images` in the path replaced by
 * `labels`). `class cx cy w h` lines become boxes, `class x1 y1 x2 y2 ...` lines polygons (an
 * axis-aligned rectangle becomes a box, the form Lightbox writes boxes in segmentation files).
 * Folders named in data.yaml that leave the dataset folder (absolute, `..`, URL) are refused.
 */

/** The parts of data.yaml Lightbox reads: split folders and class names (list or mapping form). */
export function parseDataYaml(text: string): { splits: Map<SplitName, string[]>; names: string[] } {
  const splits = new Map<SplitName, string[]>();
  const names: string[] = [];
  const unquote = (s: string) => {
    const t = s.trim();
    if (t.startsWith('"')) {
      try {
        return JSON.parse(t) as string;
      } catch {
        return t.slice(1, -1);
      }
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    return t.replace(/\s+#.*$/, '');
  };
  /** Items of a flow list `[a, "b, c", 'd']`, commas inside quotes kept. */
  const flowList = (v: string): string[] => {
    const items: string[] = [];
    let cur = '';
    let quote: string | null = null;
    for (const ch of v.slice(1, v.lastIndexOf(']'))) {
      if (quote) {
        cur += ch;
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        cur += ch;
      } else if (ch === ',') {
        items.push(cur);
        cur = '';
      } else cur += ch;
    }
    items.push(cur);
    return items.map(unquote).filter((n) => n !== '');
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\uFEFF/, '');
    if (/^\s*#/.test(line) || !line.trim()) continue;
    const m = /^(\w+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, rest] = m as unknown as [string, string, string];
    const split = splitOf(key);
    if (split && key !== 'nc') {
      const value = rest.trim();
      const list = value.startsWith('[') ? flowList(value) : value ? [unquote(value)] : [];
      splits.set(split, list);
    } else if (key === 'names') {
      const value = rest.trim();
      if (value.startsWith('[')) {
        names.push(...flowList(value));
      } else {
        for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j]!); j++, i++) {
          const item = /^\s+(?:-\s*(.*)|(\d+)\s*:\s*(.*))$/.exec(lines[j]!);
          if (!item) continue;
          if (item[1] !== undefined) names.push(unquote(item[1]));
          else names[Number(item[2])] = unquote(item[3]!);
        }
      }
    }
  }
  return { splits, names };
}

function listImages(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && kindOfExtension(path.extname(e.name))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Ultralytics' rule: the label of .../images/x/a.jpg is .../labels/x/a.txt. */
function labelPathOf(image: string): string {
  const parts = image.split(path.sep);
  const i = parts.lastIndexOf('images');
  if (i >= 0) parts[i] = 'labels';
  const file = parts.join(path.sep);
  return file.slice(0, file.length - path.extname(file).length) + '.txt';
}

function parseLine(tokens: number[]): RegionShape | string {
  if (tokens.length === 5) {
    const [, cx, cy, w, h] = tokens as [number, number, number, number, number];
    return { kind: 'box', x: cx - w / 2, y: cy - h / 2, w, h };
  }
  if (tokens.length >= 7 && tokens.length % 2 === 1) {
    const points: [number, number][] = [];
    for (let k = 1; k < tokens.length; k += 2) points.push([tokens[k]!, tokens[k + 1]!]);
    const rect = rectangleOf(points);
    return rect ? { kind: 'box', ...rect } : { kind: 'polygon', points };
  }
  return `a line has ${tokens.length} numbers (a box has 5, a polygon an odd number from 7)`;
}

export async function planYolo(from: string, ctx: PlanContext): Promise<RegionPlan> {
  const abs = path.resolve(from);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (!st) throw new LightboxError('NOT_FOUND', `${printable(abs)} does not exist.`);
  const yamlFile = st.isFile() ? abs : ['data.yaml', 'data.yml', 'dataset.yaml'].map((n) => path.join(abs, n)).find((f) => fs.existsSync(f));
  if (!yamlFile) throw new LightboxError('BAD_FILE', `No data.yaml in ${printable(abs)}: a YOLO dataset names its classes there.`);
  const root = fs.realpathSync(path.dirname(yamlFile));
  const { splits, names } = parseDataYaml(ctx.source.read(yamlFile));
  if (names.length === 0) throw new LightboxError('BAD_FILE', `${path.basename(yamlFile)} lists no class names (names:).`);
  const plan: RegionPlan = { format: 'yolo', images: [], skipped: [], classNames: names.filter((n) => typeof n === 'string') };
  const seen = new Set<string>();
  for (const [split, dirs] of splits) {
    for (const ref of dirs) {
      const unsafe = unsafeReason(ref);
      if (unsafe) {
        plan.skipped.push({ ref: printable(ref), reason: `refused: the path ${unsafe}` });
        continue;
      }
      let dir: string;
      try {
        dir = resolveInside(root, ref);
      } catch (e) {
        plan.skipped.push({ ref: printable(ref), reason: (e as Error).message });
        continue;
      }
      if (!fs.statSync(dir).isDirectory()) {
        plan.skipped.push({ ref: printable(ref), reason: 'not a folder of images (image list files are not read)' });
        continue;
      }
      for (const image of listImages(dir)) {
        if (seen.has(image)) continue; // val pointing at train: the first split wins
        seen.add(image);
        ctx.source.note(image);
        const rel = path.relative(root, image).split(path.sep).join('/');
        const regions: ImportedRegion[] = [];
        const labelFile = labelPathOf(image);
        if (fs.existsSync(labelFile)) {
          ctx.source
            .read(labelFile, 64 * 1024 * 1024)
            .split(/\r?\n/)
            .forEach((line, n) => {
              if (!line.trim()) return;
              const lref = `${path.relative(root, labelFile).split(path.sep).join('/')}: line ${n + 1}`;
              const words = line.trim().split(/\s+/);
              if (words.length > 2 * MAX_POLYGON_VERTICES + 1) {
                return plan.skipped.push({ ref: lref, reason: `the polygon has ${Math.floor(words.length / 2).toLocaleString('en-US')} vertices; at most ${MAX_POLYGON_VERTICES.toLocaleString('en-US')} are allowed` });
              }
              const tokens = words.map(Number);
              if (tokens.some((t) => !Number.isFinite(t))) return plan.skipped.push({ ref: lref, reason: 'a value is not a number' });
              const cls = tokens[0]!;
              const label = Number.isInteger(cls) ? names[cls] : undefined;
              if (label === undefined) return plan.skipped.push({ ref: lref, reason: `class ${cls} is not in data.yaml names` });
              const shape = parseLine(tokens);
              if (typeof shape === 'string') return plan.skipped.push({ ref: lref, reason: shape });
              regions.push({ label, shape, ref: lref });
            });
        }
        planImage(plan, path.basename(root), root, rel, { ok: true, abs: fs.realpathSync(image) }, { split, regions, space: { kind: 'normalized' } });
      }
    }
  }
  return plan;
}
