import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary, Stats } from '../../src-main/api/datasets.js';
import type { ImageRow } from '../../src-main/api/images.js';
import { thumbPath } from '../../src-main/imaging/thumbnails.js';
import { MAX_INPUT_PIXELS } from '../../src-main/imaging/sharpSafe.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { getSetting, setSetting } from '../../src-main/store/settingsRepo.js';
import { multiPageTiff, pngDeclaring, solidPngBomb } from '../helpers/craftedImages.js';
import { tempDir } from '../helpers/tempDataset.js';

const solid = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });

/** Patch the size a JPEG's SOF0 header declares (the pixels stay small). */
function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
  }
  throw new Error('no SOF marker');
}

interface Case {
  file: string;
  make: () => Promise<Buffer> | Buffer;
  /** A reason the library shows, or the probe a readable file must get. */
  expect: RegExp | { width: number; height: number; format: string };
  /** For readable files: the thumbnail's centre colour, roughly. */
  colour?: [number, number, number];
}

const bombSide = 30_000;

const cases: Case[] = [
  {
    // 900 megapixels of black in under a megabyte: refused from its header, over the pixel limit.
    file: 'bomb-30000.png',
    make: () => solidPngBomb(bombSide),
    expect: /too large to decode safely/,
  },
  {
    // A bomb under the limit (400 megapixels) is decoded as a stream into a small thumbnail.
    file: 'bomb-20000.png',
    make: () => solidPngBomb(20_000),
    expect: { width: 20_000, height: 20_000, format: 'png' },
    colour: [0, 0, 0],
  },
  { file: 'declares-50000.png', make: () => pngDeclaring(50_000, 50_000), expect: /too large/ },
  { file: 'declares-65500.jpg', make: async () => jpegDeclaring(await solid(16, 16, '#ff0000').jpeg().toBuffer(), 65_500, 65_500), expect: /too large|truncated|damaged/ },
  {
    file: 'truncated.jpg',
    make: async () => {
      const b = await solid(600, 400, '#ff8800').jpeg().toBuffer();
      return b.subarray(0, Math.floor(b.length / 3));
    },
    expect: /truncated or damaged/,
  },
  { file: 'random-bytes.png', make: () => randomBytes(4096), expect: /not a supported image format/ },
  { file: 'random-bytes.jpg', make: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]), expect: /truncated|damaged|not a supported|could not|corrupt|marker|invalid|Unsupported|bogus/i },
  { file: 'empty.png', make: () => Buffer.alloc(0), expect: /empty/ },
  {
    file: 'svg-renamed.png',
    make: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000"><image href="file:///etc/passwd"/></svg>'),
    expect: /not a supported image format/,
  },
  { file: 'avif-renamed.jpg', make: () => solid(32, 32, '#00ff00').avif().toBuffer(), expect: /not a supported image format/ },
  { file: 'pdf-renamed.jpg', make: () => Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'), expect: /not a supported image format/ },
  {
    // libvips' own format: its loader is blocked, whatever the file is called.
    file: 'vips-renamed.png',
    make: async () => {
      const tmp = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'lightbox-v-')), 'x.v');
      await solid(8, 8, '#0000ff').toFile(tmp);
      const b = fs.readFileSync(tmp);
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
      return b;
    },
    expect: /not a supported image format/,
  },
  {
    // Red, green, blue frames: only the first (red) is read.
    file: 'animated.gif',
    make: async () => {
      const frame = (c: string) => solid(40, 30, c).png().toBuffer();
      return sharp([await frame('#ff0000'), await frame('#00ff00'), await frame('#0000ff')], { join: { animated: true } }).gif().toBuffer();
    },
    expect: { width: 40, height: 30, format: 'gif' },
    colour: [255, 0, 0],
  },
  { file: 'pages-1000.tiff', make: () => multiPageTiff(1000, 48, 32, 200), expect: { width: 48, height: 32, format: 'tiff' }, colour: [200, 200, 200] },
  { file: 'cmyk.jpg', make: () => solid(60, 40, '#ff0000').toColourspace('cmyk').jpeg().toBuffer(), expect: { width: 60, height: 40, format: 'jpeg' }, colour: [255, 0, 0] },
  { file: '16-bit.png', make: () => solid(50, 20, '#00ff00').toColourspace('rgb16').png().toBuffer(), expect: { width: 50, height: 20, format: 'png' }, colour: [0, 255, 0] },
  { file: 'one-pixel.png', make: () => solid(1, 1, '#0000ff').png().toBuffer(), expect: { width: 1, height: 1, format: 'png' }, colour: [0, 0, 255] },
  { file: 'one-pixel.jpg', make: () => solid(1, 1, '#0000ff').jpeg().toBuffer(), expect: { width: 1, height: 1, format: 'jpeg' } },
  {
    file: 'alpha.png',
    make: () => sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer(),
    expect: { width: 10, height: 10, format: 'png' },
    colour: [255, 255, 255], // transparent shows on white
  },
  { file: 'good.webp', make: () => solid(30, 30, '#123456').webp().toBuffer(), expect: { width: 30, height: 30, format: 'webp' } },
];

describe('hostile files through the real scan', () => {
  let dir: string;
  let cleanup: () => void;
  let s: Session;
  let summary: ScanSummary;
  let rows: Map<string, ImageRow>;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('lightbox-hostile-'));
    for (const c of cases) fs.writeFileSync(path.join(dir, c.file), await c.make());
    s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    summary = (await s.jobs.wait(jobId)) as ScanSummary;
    const list = (await dispatch(s, 'images.list', {})) as { items: ImageRow[] };
    rows = new Map(list.items.map((r) => [r.path, r]));
  });
  afterAll(() => {
    s?.close();
    cleanup?.();
  });

  it('finishes the scan over all of them and indexes each one', () => {
    expect(summary.total).toBe(cases.length);
    expect([...rows.keys()].sort()).toEqual(cases.map((c) => c.file).sort());
    expect(s.jobs.list().every((j) => j.state === 'done')).toBe(true);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.expect instanceof RegExp ? `refused (${c.expect.source})` : `read as ${c.expect.width}×${c.expect.height} ${c.expect.format}`}`, async () => {
      const row = rows.get(c.file)!;
      if (c.expect instanceof RegExp) {
        expect(row.error).toMatch(c.expect);
        expect(row.error!.length).toBeLessThan(300);
        return;
      }
      expect(row).toMatchObject({ ...c.expect, error: null });
      const { sha256 } = s.require().db.prepare('SELECT sha256 FROM images WHERE id = ?').get(row.id) as { sha256: string };
      const thumb = thumbPath(s.require().root, sha256);
      const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
      expect(Math.max(info.width, info.height)).toBeLessThanOrEqual(256);
      if (c.colour) {
        const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
        const got = [data[at]!, data[at + 1]!, data[at + 2]!];
        got.forEach((v, i) => expect(Math.abs(v - c.colour![i]!), `${c.file} colour ${got}`).toBeLessThan(40));
      }
    });
  }

  it('stays within the pixel limit it states', () => {
    expect(bombSide * bombSide).toBeGreaterThan(MAX_INPUT_PIXELS);
    expect(20_000 * 20_000).toBeLessThan(MAX_INPUT_PIXELS);
  });

  it('lists every refused file with its reason in the stats, and keeps answering', async () => {
    const stats = (await dispatch(s, 'datasets.stats', {})) as Stats;
    const refused = cases.filter((c) => c.expect instanceof RegExp).map((c) => c.file).sort();
    expect(stats.unreadable.map((u) => u.path).sort()).toEqual(refused);
    expect(stats.readable).toBe(cases.length - refused.length);
    const unreadable = (await dispatch(s, 'images.list', { filter: { unreadable: true } })) as { total: number };
    expect(unreadable.total).toBe(refused.length);
  });

  it('rescans without re-reading anything and without a change', async () => {
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    const again = (await s.jobs.wait(jobId)) as ScanSummary;
    expect(again).toMatchObject({ added: 0, changed: 0, removed: 0, moved: 0, unchanged: cases.length });
  });
});

describe('hostile JSON: __proto__ and constructor keys pollute nothing', () => {
  let dir: string;
  let cleanup: () => void;
  let s: Session;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('lightbox-json-'));
    s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
  });
  afterAll(() => {
    s?.close();
    cleanup?.();
  });

  const probe = () => ({}) as Record<string, unknown>;
  const clean = () => {
    expect(probe().polluted).toBeUndefined();
    expect(probe().isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  };

  it('stores and returns a settings value with __proto__ and constructor keys as plain data', async () => {
    // As it arrives from the WebSocket: JSON.parse makes "__proto__" an own key.
    const params = JSON.parse('{"key":"evil","value":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"isAdmin":true}},"a":{"__proto__":{"polluted":1}}}}');
    await dispatch(s, 'settings.set', params);
    clean();
    const got = (await dispatch(s, 'settings.get', { key: 'evil' })) as { value: Record<string, unknown> };
    clean();
    expect(Object.prototype.hasOwnProperty.call(got.value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(got.value)).toBe(Object.prototype);
    expect((got.value as { polluted?: unknown }).polluted).toBeUndefined();
    // And after a reopen, read back from disk.
    s.open(dir);
    expect(getSetting<Record<string, unknown>>(s.require().db, 'evil', {}).polluted).toBeUndefined();
    clean();
  });

  it('takes "__proto__", "constructor" and "prototype" as ordinary setting keys and class names', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']) {
      await dispatch(s, 'settings.set', { key, value: { polluted: 'yes' } });
      expect(await dispatch(s, 'settings.get', { key })).toEqual({ value: { polluted: 'yes' } });
      await dispatch(s, 'classes.add', { name: key });
    }
    clean();
    const names = ((await dispatch(s, 'classes.list', {})) as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'prototype']));
    expect(await dispatch(s, 'settings.get', { key: 'nobody-set-this' })).toEqual({ value: null });
  });

  it('refuses params objects carrying __proto__ or constructor keys as unknown fields', async () => {
    for (const text of ['{"imageId":1,"classId":1,"__proto__":{"polluted":"yes"}}', '{"imageId":1,"classId":1,"constructor":{"prototype":{"isAdmin":true}}}']) {
      await expect(dispatch(s, 'labels.set', JSON.parse(text))).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    }
    clean();
  });

  it('refuses settings the app reads when they have the wrong form, so labeling keeps working', async () => {
    const bad: [string, unknown][] = [
      ['annotator', { name: 'x' }],
      ['annotator', 'tab\there'],
      ['labelMode', 'sideways'],
      ['labelMode', ['multi']],
      ['splitPlan', 'train everything'],
      ['splitPlan', { ratios: [2, -1, 0], seed: 1 }],
      ['sampleSeeded', 'yes'],
      ['capture.prefs', { width: 'wide' }],
      ['anything', 10n],
      ['anything', 'x'.repeat(2 << 20)],
    ];
    for (const [key, value] of bad) {
      await expect(dispatch(s, 'settings.set', { key, value }), key).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    }
    await dispatch(s, 'settings.set', { key: 'annotator', value: 'Ada' });
    await dispatch(s, 'settings.set', { key: 'labelMode', value: 'multi' });
    expect(await dispatch(s, 'labels.mode', {})).toEqual({ mode: 'multi' });
  });

  it('ignores settings of the wrong form written straight into a store someone sent', async () => {
    fs.writeFileSync(path.join(dir, 'x.png'), await solid(4, 4, '#ff0000').png().toBuffer());
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const db = s.require().db;
    const put = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    put.run('annotator', '{"evil":true}');
    put.run('labelMode', '"sideways"');
    put.run('splitPlan', '"not a plan"');
    put.run('capture.prefs', '{"width":"wide"}');
    put.run('deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(await dispatch(s, 'datasets.current', {})).toMatchObject({ labelMode: 'single' });
    expect(await dispatch(s, 'settings.get', { key: 'deep' })).toEqual({ value: null });
    const cls = (await dispatch(s, 'classes.add', { name: 'still-works' })) as { id: number };
    const { ids } = (await dispatch(s, 'images.ids', {})) as { ids: number[] };
    await dispatch(s, 'labels.set', { imageId: ids[0]!, classId: cls.id });
    const { author } = db.prepare(`SELECT author FROM annotations ORDER BY id DESC LIMIT 1`).get() as { author: unknown };
    expect(typeof author).toBe('string');
    await dispatch(s, 'images.assignSplits', { ratios: [1, 0, 0], seed: 1 });
    expect(await dispatch(s, 'capture.getPrefs', {})).toMatchObject({ width: expect.any(Number) });
  });

  it('reads a damaged or hostile settings row back as the fallback or plain data', () => {
    const db = s.require().db;
    db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run('broken', '{not json');
    expect(getSetting(db, 'broken', 'fallback')).toBe('fallback');
    setSetting(db, 'x', JSON.parse('{"__proto__":{"polluted":true}}'));
    expect((getSetting<Record<string, unknown>>(db, 'x', {}) as { polluted?: unknown }).polluted).toBeUndefined();
    clean();
  });
});
