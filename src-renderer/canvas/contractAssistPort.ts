import type { MaskShape as ApiMask } from '../../src-main/api/annotations.js';
import { decodeMask, decodeRuns, encodeMask, type MaskCrop, runsFromString } from '../../src-main/api/maskCodec.js';
import type { AssistPort, ConvertedShape } from '../editor/tools/assist/assistPort.js';
import type { Vec } from '../editor/types.js';
import { regionShapeOf } from '../editor/regions.js';
import type { CallApi } from './regionSync.js';

const cropOf = (m: ApiMask): MaskCrop => ({ x: m.x, y: m.y, w: m.w, h: m.h, bits: decodeMask(m.counts, m.w, m.h) });
/**
 * An assist's preview: its runs, and its bits decoded only when asked for (when it is kept). A
 * wand step zoomed out is drawn from the runs alone (previewCanvas), without decoding megapixels.
 */
function previewOf(m: ApiMask): MaskCrop & { runs: Uint32Array } {
  const runs = runsFromString(m.counts);
  let bits: Uint8Array | null = null;
  return {
    x: m.x,
    y: m.y,
    w: m.w,
    h: m.h,
    runs,
    get bits() {
      return (bits ??= decodeRuns(runs, m.w * m.h));
    },
  };
}
const apiMask = (m: MaskCrop): ApiMask => ({ kind: 'mask', x: m.x, y: m.y, w: m.w, h: m.h, counts: encodeMask(m.bits) });

/**
 * The assist tools' port over the contract, for one image: previews, clean-up and conversions
 * are computed by the main process's vision thread and stored nothing; the editor keeps the
 * result as its own command, which RegionSync saves.
 */
export function contractAssistPort(api: CallApi, imageId: number): AssistPort {
  // The window the image was last made ready through: picking another assist tool asks nothing again.
  let prepared: string | null = null;
  return {
    async prepare(display) {
      const key = JSON.stringify(display ?? null);
      if (key === prepared) return;
      prepared = key;
      try {
        await api.call('annotations.segmentPrepare', { imageId, ...(display ? { display } : {}) });
      } catch (e) {
        prepared = null;
        throw e;
      }
    },
    async preview(req) {
      const r = await api.call('annotations.segmentPreview', { imageId, ...req });
      return { mask: r.mask && previewOf(r.mask), level: r.level, polarity: r.polarity };
    },
    async clean(mask, step) {
      const r = await api.call('annotations.cleanMask', { imageId, mask: apiMask(mask), steps: [step] });
      return r.mask && cropOf(r.mask);
    },
    async convert(shapes, to) {
      const from = shapes.map(regionShapeOf).filter((s): s is Extract<typeof s, { kind: 'mask' | 'polygon' }> => s.kind === 'mask' || s.kind === 'polygon');
      const r = await api.call('annotations.convertShape', { imageId, to, shapes: from });
      return r.shapes.map((s): ConvertedShape => (s.kind === 'mask' ? { kind: 'mask', ...cropOf(s) } : { kind: 'polygon', points: s.points.map(([x, y]) => [x, y] as Vec), ...(s.holes?.length ? { holes: s.holes.map((h) => h.map(([x, y]) => [x, y] as Vec)) } : {}) }));
    },
  };
}
