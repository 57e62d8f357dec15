import type { RegionShape } from '../api/annotations.js';
import type { ExportPrivacy } from '../api/exports.js';
import { fileOfRow } from '../dataset/imageFrames.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { readDicomBytes } from '../imaging/dicomFile.js';
import { type Action, DeidError, deidentifyDicom, isCompressed, nativePixels } from '../privacy/deidentify.js';
import { deidSecret } from '../store/deidRepo.js';
import type { Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { encodeGrayPng } from './pngWrite.js';
import { fillShape } from './rasterize.js';
import { answerRegions, classTable, groupBySplit, labelRegions, labelTargets, writeBinary } from './regionSupport.js';

/**
 * De-identified DICOM: `images/{split}/NAME.dcm`, a copy of each DICOM source with the PS3.15
 * Basic Application Level Confidentiality Profile applied (privacy/deidentify.ts) and its
 * redactions painted into the pixel data, and beside it the masks of the `masks` layout,
 * `masks/{split}/STEM.png` (a multi-frame file: `STEM_frameN.png` per frame, one .dcm per file),
 * plus `classes.txt`. Non-DICOM images in the selection are left out and counted in the summary's
 * notes. A file whose de-identification fails in any step is not written: it is listed with the
 * reason, and the report counts it as refused. With `--annotations all`, each annotator's masks go
 * in `masks-NAME/` (for the frames they answered), as in the masks format.
 */

interface PlannedFile {
  /** The file's frames in frame order (a single-frame file: one). */
  frames: ExportItem[];
  split: SplitName | null;
  rel: string;
  stem: string;
}

export const dicomExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const db = run.plan.db;
    const dates = run.plan.dates;
    const secret = deidSecret(db);
    const classes = classTable(db);
    const wide = classes.list.length > 255;
    const dicom = run.selection.items.filter((i) => i.pixels === 'dicom');
    const others = run.selection.items.length - dicom.length;
    if (others > 0) {
      run.addNote(`${others} image(s) that are not DICOM were left out: the dicom format writes de-identified copies of DICOM files only. Export them with another format.`);
    }
    const byFile = new Map<string, ExportItem[]>();
    for (const item of dicom) {
      const file = fileOfRow(item.path, item.frame);
      const list = byFile.get(file) ?? [];
      list.push(item);
      byFile.set(file, list);
    }
    const firsts = [...byFile.values()].map((frames) => frames.sort((a, b) => (a.frame ?? 1) - (b.frame ?? 1))[0]!);
    const planned: PlannedFile[] = [];
    for (const [split, items] of groupBySplit(run, firsts)) {
      for (const first of items) {
        const file = fileOfRow(first.path, first.frame);
        // Named after the file, not a frame; every name in the folder ends .dcm, so stems are unique too.
        const rel = run.nameIn(split ? `images/${split}` : 'images', { ...first, path: file, frame: null }, '.dcm');
        const name = rel.slice(rel.lastIndexOf('/') + 1);
        planned.push({ frames: byFile.get(file)!, split, rel, stem: name.slice(0, name.length - '.dcm'.length) });
      }
    }
    // The regions the export counts: an annotator's under --annotations annotator:NAME, else the dataset's own.
    const frameIds = planned.flatMap((p) => p.frames.map((f) => f.id));
    const labels = labelRegions(run, frameIds);
    const answers = answerRegions(run, frameIds);
    const actions: Record<Action, Set<string>> = { X: new Set(), Z: new Set(), D: new Set(), U: new Set() };
    let files = 0;
    let refused = 0;
    let privateRemoved = 0;
    let decompressed = 0;
    let paletteToRgb = 0;
    await run.forEach(planned, (p) => p.frames[0]!.path, async (p) => {
      const first = p.frames[0]!;
      const redactions = new Map<number, readonly RegionShape[]>();
      for (const f of p.frames) if (f.redactions.length > 0) redactions.set((f.frame ?? 1) - 1, f.redactions);
      let result;
      try {
        const bytes = await readDicomBytes(resolveInside(run.plan.root, fileOfRow(first.path, first.frame)));
        // Compressed pixels with redactions: decoded, redacted, written explicit VR little endian.
        const native = redactions.size > 0 && isCompressed(bytes) ? await nativePixels(bytes) : undefined;
        result = deidentifyDicom(bytes, { secret, dates, redactions, redactMode: run.plan.image.redact, ...(native ? { native } : {}) });
      } catch (e) {
        refused++;
        const gone = (e as { code?: string })?.code === 'ENOENT';
        // A DeidError reads on from "it" ("it has compressed pixels ..."); a decoder's DicomError is a reason of its own.
        const why = e instanceof DeidError ? `it ${e.message}` : e instanceof Error ? e.message : 'an unknown failure';
        run.refuse(first, gone ? 'file is gone from the dataset folder' : `not de-identified, so not exported: ${why}`);
        return;
      }
      await run.writeFile(p.frames, p.rel, result.bytes);
      files++;
      if (result.decompressed) decompressed++;
      if (result.paletteToRgb) paletteToRgb++;
      privateRemoved += result.privateRemoved;
      for (const a of ['X', 'Z', 'D', 'U'] as const) for (const k of result.actions[a]) actions[a].add(k);
      for (const f of p.frames) if (f.redactions.length > 0) run.countRedacted(f);
      const folder = p.split ? `${p.split}/` : '';
      for (const f of p.frames) {
        if (!f.width || !f.height) continue;
        const name = f.frame !== null && f.path !== fileOfRow(f.path, f.frame) ? `${p.stem}_frame${f.frame}` : p.stem;
        // The copy keeps the source's pixels: regions are in them as they are.
        const same = { width: f.width, height: f.height, scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0 };
        for (const t of labelTargets(run, f, same, labels.get(f.id) ?? [], answers?.get(f.id))) {
          const img = wide ? new Uint16Array(f.width * f.height) : new Uint8Array(f.width * f.height);
          for (const r of t.regions) {
            const c = classes.byId.get(r.classId);
            if (c && r.shape.kind !== 'point') fillShape(img, f.width, f.height, r.shape, c.index + 1);
          }
          await writeBinary(run, `masks${t.suffix}/${folder}${name}.png`, encodeGrayPng(img, f.width, f.height));
        }
      }
    });
    await run.writeText('classes.txt', ['0 background', ...classes.list.map((c) => `${c.index + 1} ${c.name}`), ''].join('\n'));
    const sorted = (s: Set<string>) => [...s].sort();
    const report: NonNullable<ExportPrivacy['dicom']> = {
      files,
      refused,
      dates,
      actions: { X: sorted(actions.X), Z: sorted(actions.Z), D: sorted(actions.D), U: sorted(actions.U) },
      privateRemoved,
      decompressed,
      paletteToRgb,
    };
    run.dicomPrivacy = report;
  },
};
