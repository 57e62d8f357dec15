import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { sha256Buffer } from '../dataset/hash.js';
import { safeFileName } from '../dataset/pathSafety.js';
import { encodeExportImage, outputEncoding, type PixelKind } from '../imaging/exportImage.js';
import { type JobContext, mapLimit } from '../jobs/JobManager.js';
import { listClasses } from '../store/classesRepo.js';
import { liveTagsByImage } from '../store/exportRowsRepo.js';
import { redactionsByImage } from '../store/regionsRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { type AssignedImage, insertAssignment, markReviewsPacked, type PackableImage, packableImages, pendingRejections } from '../store/teamsRepo.js';
import { distribute } from './assign.js';
import { MAX_PACKAGE_IMAGES, type TaskManifest } from './manifest.js';
import { writeZip, type ZipItem } from './zipWrite.js';

/**
 * `package create`: the chosen images as upright copies (metadata stripped, the way an export
 * writes them), the class schema and label mode, the owner's guidelines, and the ids that tie a
 * result back to this dataset and this assignment. Gold images travel like any other image:
 * which ones are gold, and their answers, stay in the owner's store.
 */

export interface CreateOptions {
  /** The .lbx to write; with several annotators, one file each beside it (`TASK-NAME.lbx`). */
  out: string;
  annotators: string[];
  /** all (default), unlabeled, labeled, class:NAME, folder:PREFIX. */
  filter?: string;
  /** Share of the images (0–100 %) given to `raters` annotators each. */
  overlap?: number;
  raters?: number;
  /** Labeled images (the owner's answers known) put in every package to measure accuracy. */
  gold?: number;
  /** A Markdown file shown to the annotator. */
  guidelines?: string;
  seed?: number;
}

export interface CreatedPackage {
  annotator: string;
  file: string;
  assignmentId: string;
  images: number;
  gold: number;
}

export const MAX_GUIDELINES_BYTES = 1024 * 1024;

/** The dataset's id, made on first use: results name it, so one meant for another dataset is refused. */
export function datasetIdOf(db: Db): string {
  const id = getSetting<string | null>(db, 'datasetId', null);
  if (id && /^[0-9a-f-]{36}$/.test(id)) return id;
  const fresh = randomUUID();
  setSetting(db, 'datasetId', fresh);
  return fresh;
}

function chooseImages(rows: PackableImage[], tags: Map<number, string[]>, filter: string): PackableImage[] {
  const f = filter.trim();
  if (f === '' || f === 'all') return rows;
  if (f === 'unlabeled') return rows.filter((r) => !tags.has(r.id));
  if (f === 'labeled') return rows.filter((r) => tags.has(r.id));
  if (f.startsWith('class:')) {
    const name = f.slice(6).toLowerCase();
    return rows.filter((r) => tags.get(r.id)?.some((t) => t.toLowerCase() === name));
  }
  if (f.startsWith('folder:')) {
    const prefix = f.slice(7).replace(/\/+$/, '');
    return rows.filter((r) => r.path.startsWith(`${prefix}/`));
  }
  throw new LightboxError('BAD_PARAMS', `Unknown filter "${printable(f, 100)}": use all, unlabeled, labeled, class:NAME or folder:PREFIX.`);
}

const EXT: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', tiff: 'tif' };

function readGuidelines(file: string): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LightboxError('NOT_FOUND', `The guidelines file ${printable(file, 300)} does not exist.`);
  }
  if (!st.isFile()) throw new LightboxError('BAD_PARAMS', `The guidelines ${printable(file, 300)} are not a file: give a Markdown file.`);
  if (st.size > MAX_GUIDELINES_BYTES) throw new LightboxError('BAD_FILE', `The guidelines file is larger than 1 MB: keep it to text, and link images instead.`);
  return fs.readFileSync(file);
}

/** Where each annotator's package goes: `out` itself for one annotator. */
function outFor(out: string, annotator: string, several: boolean): string {
  if (!several) return out;
  const ext = path.extname(out) || '.lbx';
  return path.join(path.dirname(out), `${path.basename(out, path.extname(out))}-${safeFileName(annotator)}${ext}`);
}

export async function createPackages(root: string, db: Db, o: CreateOptions, job: JobContext): Promise<CreatedPackage[]> {
  const annotators = [...new Set(o.annotators.map((a) => a.trim()))];
  const several = annotators.length > 1;
  const outs = annotators.map((a) => outFor(o.out, a, several));
  for (const f of outs) if (fs.existsSync(f)) throw new LightboxError('CONFLICT', `${printable(f, 300)} already exists: choose another --out or remove it.`);
  const guidelines = o.guidelines ? readGuidelines(o.guidelines) : null;

  const tags = new Map<number, string[]>();
  for (const t of liveTagsByImage(db)) tags.set(t.imageId, [...(tags.get(t.imageId) ?? []), t.name]);
  const rows = packableImages(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  // What redaction regions hide (a burned-in name, a face) is hidden in the copies a contractor gets too.
  const redactions = redactionsByImage(db);
  const seed = o.seed ?? 1;
  const goldWanted = o.gold ?? 0;
  const labeled = rows.filter((r) => tags.has(r.id));
  if (goldWanted > labeled.length) {
    throw new LightboxError('BAD_PARAMS', `--gold ${goldWanted} asks for more gold images than the ${labeled.length} labeled images of this dataset.`);
  }
  // A seeded pick of labeled images: ordered by a hash of seed and id, the first N.
  const gold = labeled
    .map((r) => r.id)
    .sort((a, b) => hashOrder(seed, a) - hashOrder(seed, b))
    .slice(0, goldWanted);
  const goldSet = new Set(gold);
  const chosen = chooseImages(rows, tags, o.filter ?? 'all').filter((r) => !goldSet.has(r.id));
  if (chosen.length === 0 && gold.length === 0 && annotators.every((a) => pendingRejections(db, a).length === 0)) throw new LightboxError('BAD_PARAMS', 'No image matches the filter: nothing to put in a package.');
  const dealt = distribute(
    chosen.map((r) => r.id),
    annotators,
    { overlap: (o.overlap ?? 0) / 100, raters: o.raters ?? 2, seed, gold },
  );
  // Images the reviewer sent back to an annotator go into that annotator's next package, with the comment.
  const notes = new Map<string, { id: number; comment: string | null }[]>();
  for (const a of annotators) {
    const back = pendingRejections(db, a).filter((r) => byId.has(r.imageId));
    notes.set(a, back.map((r) => ({ id: r.imageId, comment: r.comment })));
    const list = dealt.get(a)!;
    for (const r of back) if (!list.includes(r.imageId)) list.push(r.imageId);
    list.sort((x, y) => x - y);
  }
  for (const [a, ids] of dealt) {
    if (ids.length > MAX_PACKAGE_IMAGES) throw new LightboxError('BAD_PARAMS', `${printable(a, 100)} would get ${ids.length} images; a package holds at most ${MAX_PACKAGE_IMAGES}. Use --filter to split the work.`);
  }

  const datasetId = datasetIdOf(db);
  const classes = listClasses(db).map((c) => ({ name: c.name, color: c.color, hotkey: c.hotkey }));
  const labelMode = getSetting<'single' | 'multi'>(db, 'labelMode', 'single');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-package-'));
  const written: string[] = [];
  try {
    // Each image is made upright once, whatever number of packages carry it.
    const copies = new Map<number, { file: string; ext: string; sha256: string; width: number; height: number }>();
    const all = [...new Set([...dealt.values()].flat())];
    let done = 0;
    // Decoding and encoding run in libvips' threads: a few at once keep them busy.
    await mapLimit(
      all,
      4,
      async (id) => {
        const r = byId.get(id)!;
        const pixels: PixelKind = r.format === 'dicom' ? 'dicom' : (r.bitsStored ?? 0) > 8 ? 'grey16' : 'plain';
        const enc = outputEncoding(r.format, 'keep', pixels, null);
        const src = path.join(root, ...(r.frame !== null ? r.path.replace(/#\d+$/, '') : r.path).split('/'));
        const shapes = (redactions.get(id) ?? []).map((x) => x.shape);
        const img = await encodeExportImage(
          src,
          pixels,
          r.frame,
          enc,
          { size: null, fit: 'cover', imageFormat: 'keep', stripMetadata: true, window: null, redact: 'fill' },
          shapes.length > 0 ? { shapes, mode: 'fill' } : null,
        );
        const file = path.join(tmp, `${id}.${EXT[enc]}`);
        fs.writeFileSync(file, img.data);
        copies.set(id, { file, ext: EXT[enc]!, sha256: sha256Buffer(img.data), width: img.placement.width, height: img.placement.height });
        job.progress(++done, all.length, r.path);
      },
      job.signal,
    );
    const now = Date.now();
    const made: CreatedPackage[] = [];
    const assignments: { id: string; annotator: string; images: AssignedImage[] }[] = [];
    for (const [i, annotator] of annotators.entries()) {
      const ids = dealt.get(annotator)!;
      const assignmentId = randomUUID();
      const items: ZipItem[] = [];
      const images: TaskManifest['images'] = [];
      const assigned: AssignedImage[] = [];
      ids.forEach((id, n) => {
        const c = copies.get(id)!;
        const name = `images/${String(n + 1).padStart(6, '0')}.${c.ext}`;
        items.push({ name, file: c.file });
        images.push({ file: name, id, sha256: c.sha256, width: c.width, height: c.height });
        assigned.push({ imageId: id, copySha256: c.sha256, sourceSha256: byId.get(id)!.sha256, goldAnswer: goldSet.has(id) ? [...(tags.get(id) ?? [])].sort() : null });
      });
      const manifest: TaskManifest = {
        format: 'lightbox-task',
        version: 1,
        assignmentId,
        datasetId,
        annotator,
        createdAt: now,
        labelMode,
        classes,
        images,
        guidelines: guidelines ? 'guidelines.md' : null,
        ...(notes.get(annotator)!.length > 0 ? { notes: notes.get(annotator)! } : {}),
      };
      items.unshift({ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 1)) });
      if (guidelines) items.push({ name: 'guidelines.md', data: guidelines });
      await writeZip(outs[i]!, items);
      written.push(outs[i]!);
      assignments.push({ id: assignmentId, annotator, images: assigned });
      made.push({ annotator, file: outs[i]!, assignmentId, images: ids.length, gold: ids.filter((id) => goldSet.has(id)).length });
    }
    writeTx(db, () => {
      for (const a of assignments) {
        insertAssignment(db, a.id, a.annotator, now, a.images);
        markReviewsPacked(db, a.annotator, notes.get(a.annotator)!.map((n) => n.id));
      }
    });
    return made;
  } catch (e) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A seeded order of image ids (a 32-bit mix of seed and id), for picking gold images. */
function hashOrder(seed: number, id: number): number {
  let h = (seed * 0x9e3779b1) ^ id;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
