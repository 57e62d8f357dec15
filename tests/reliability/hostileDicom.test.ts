import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary, Stats } from '../../src-main/api/datasets.js';
import type { ImageRow } from '../../src-main/api/images.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { readDerived } from '../../src-main/services/fileAccess.js';
import type { Session } from '../../src-main/services/Session.js';
import { longElementLengthOffset, makeDicom } from '../helpers/makeDicom.js';
import { openTempDataset } from '../helpers/tempSession.js';

const DEFLATED = '1.2.840.10008.1.2.1.99';
const ct = (extra: Parameters<typeof makeDicom>[0] | object = {}) => makeDicom({ rows: 64, columns: 64, signed: true, slope: 1, intercept: -1024, ...extra });

/** The file meta group (preamble, DICM, group 0002) of a Part 10 file: what precedes the data set. */
function metaGroup(file: Buffer): Buffer {
  // (0002,0000) UL FileMetaInformationGroupLength comes first: its value is the rest of the group.
  return file.subarray(0, 132 + 12 + file.readUInt32LE(132 + 8));
}

/** A deflated data set of a few hundred kilobytes that inflates to 600 MB of zeros. */
async function deflateBomb(): Promise<Buffer> {
  const head = metaGroup(ct({ transferSyntax: DEFLATED }));
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 600; i++) if (!deflate.write(zeros)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  return Buffer.concat([head, ...parts]);
}

interface Case {
  file: string;
  make: () => Buffer | Promise<Buffer>;
  /** The reason listed, or null for a file that must be read. */
  reason: RegExp | null;
}

const cases: Case[] = [
  { file: 'truncated.dcm', make: () => ct().subarray(0, 3000), reason: /truncated/ },
  {
    // 65535×65535 pixels a frame, 1000 frames, in a file of a few kilobytes.
    file: 'claims-65535x65535x1000',
    make: () => makeDicom({ rows: 8, columns: 8, declare: { rows: 65535, columns: 65535, frames: 1000 } }),
    reason: /too large to decode safely/,
  },
  {
    // 12,300 × 12,300 = 151 megapixels in one compressed frame: under sharp's limit, over what a DICOM frame may decode to.
    file: 'one-frame-151mp.dcm',
    make: () => makeDicom({ rows: 8, columns: 8, transferSyntax: '1.2.840.10008.1.2.4.80', declare: { rows: 12_300, columns: 12_300 } }),
    reason: /too large to decode safely.*150 megapixels/,
  },
  { file: 'claims-1000-frames.dcm', make: () => makeDicom({ rows: 64, columns: 64, declare: { frames: 1000 } }), reason: /truncated or damaged.*1000 frames/ },
  // Real frames, but more than one file may turn into rows of the dataset.
  { file: 'frames-5001.dcm', make: () => makeDicom({ rows: 8, columns: 8, frames: 5001, bitsAllocated: 8 }), reason: /5001 frames.*at most 5000/ },
  { file: 'mpeg2.dcm', make: () => ct({ transferSyntax: '1.2.840.10008.1.2.4.100' }), reason: /MPEG-2.*cannot decode/ },
  { file: 'made-up-syntax.dcm', make: () => ct({ transferSyntax: '1.2.3.4.5.6.7' }), reason: /transfer syntax 1\.2\.3\.4\.5\.6\.7.*cannot decode/ },
  {
    // A private element claiming 4 GB in a file of 10 kB.
    file: 'private-claims-4gb.dcm',
    make: () => {
      const f = Buffer.from(ct({ privateBytes: 16 }));
      f.writeUInt32LE(0xfffffff0, longElementLengthOffset(f, 0x0009, 0x1010));
      return f;
    },
    reason: /truncated|damaged/,
  },
  { file: 'deflate-bomb.dcm', make: deflateBomb, reason: /expands beyond .* decompression bomb/ },
  { file: 'not-dicom.dcm', make: () => Buffer.from('<html>a web page saved as .dcm</html>'.repeat(10)), reason: /not a DICOM file/ },
  // A real 3 MB private element before the pixels: longer than the header the probe reads first, and fine.
  { file: 'private-3mb.dcm', make: () => ct({ privateBytes: 3 * 1024 * 1024 }), reason: null },
  { file: 'fine.dcm', make: () => ct(), reason: null },
];

describe('hostile DICOM files through the real scan', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let summary: ScanSummary;
  let rows: Map<string, ImageRow>;

  beforeAll(async () => {
    let dir: string;
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-hostile-dicom-'));
    for (const c of cases) fs.writeFileSync(path.join(dir, c.file), await c.make());
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    summary = (await s.jobs.wait(jobId)) as ScanSummary;
    const { items } = (await dispatch(s, 'images.list', {})) as { items: ImageRow[] };
    rows = new Map(items.map((r) => [r.path, r]));
  }, 120_000);
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  it('finishes the scan with one image for each file', () => {
    expect(summary).toMatchObject({ added: cases.length, total: cases.length, unreadable: cases.filter((c) => c.reason).length });
    expect([...rows.keys()].sort()).toEqual(cases.map((c) => c.file).sort());
  });

  for (const c of cases) {
    it(`${c.file}: ${c.reason ? `refused (${c.reason.source})` : 'read'}`, async () => {
      const r = rows.get(c.file)!;
      if (c.reason) {
        expect(r.error).toMatch(c.reason);
        expect(r.format).toBeNull();
      } else {
        expect(r).toMatchObject({ error: null, format: 'dicom', width: 64, height: 64 });
        expect((await readDerived(s, r.id, 'thumbs')).status).toBe(200);
      }
    });
  }

  it('lists every refused file with its reason in the stats, and keeps answering', async () => {
    const stats = (await dispatch(s, 'datasets.stats', {})) as Stats;
    expect(stats.unreadable.map((u) => u.path).sort()).toEqual(cases.filter((c) => c.reason).map((c) => c.file).sort());
    for (const u of stats.unreadable) expect(u.reason.length).toBeGreaterThan(10);
    expect(await dispatch(s, 'datasets.current', {})).toMatchObject({ imageCount: cases.length });
  });

  it('rescans without reading any of them again', async () => {
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    expect(await s.jobs.wait(jobId)).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: cases.length });
  });
});
