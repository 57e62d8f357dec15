import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { splitExtension } from '../dataset/pathSafety.js';
import type { ExportRun, Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { NameAllocator, type NameRegistry } from './exportNames.js';
import { classTable } from './regionSupport.js';
import { splitItems, streamSamples } from './sampleStream.js';
import { sampleRecord } from './sampleRecord.js';

/**
 * WebDataset: POSIX tar shards of samples, for `wds.WebDataset("OUT/train/NAME-{000000..000009}.tar")`.
 * With splits, one folder per split (`train/`, `val/`, `test/`), since a loader is pointed at the
 * shards of one split; without, the shards sit at the top. NAME is the output folder's name.
 * A sample is `KEY.jpg` or `KEY.png` (the written image), `KEY.json` (sampleRecord.ts) and, for a
 * single-label image, `KEY.cls` (its class index as decimal text). WebDataset splits a member's
 * name at its first dot, so keys have none; they are unique across the export. A shard ends after
 * `shardSize` samples or before it would pass `shardBytes`. `dataset.json` at the top lists the
 * classes in index order and each split's shards with their sample counts. With `--annotations
 * all`, KEY.json also carries `answers`, each annotator's (sampleRecord.ts).
 */

/** Tar members are multiples of 512 bytes after a 512-byte header; the archive ends with 1,024 zero bytes. */
const TAR_BLOCK = 512;
const TAR_END = 1024;
const tarSize = (bytes: number) => TAR_BLOCK + Math.ceil(bytes / TAR_BLOCK) * TAR_BLOCK;

export const WEBDATASET_INDEX = 'dataset.json';

/** A shard's name from the output folder's name: letters, digits, `_` and `-` only, so brace patterns and shells take it as is. */
export function shardBaseName(out: string): string {
  const base = path.basename(out).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return base.slice(0, 64) || 'shard';
}

/** Sample keys: the image's written name without its extension, dots made `_`, unique across the export. */
export class SampleKeys {
  private readonly names: NameAllocator;

  /** `registry`: where the keys handed out are kept (on disk for a streamed export), else in memory. */
  constructor(registry?: NameRegistry) {
    this.names = new NameAllocator(undefined, registry);
  }

  take(fileName: string): string {
    const stem = splitExtension(fileName)[0].replace(/\./g, '_');
    // No dot in the stem, so the allocator's `-2` lands at the end and the key keeps no dot.
    return this.names.take(stem || '_');
  }
}

/** One tar file being written; members are added in order and the file is flushed as it goes. */
class TarShard {
  private readonly pack = tarStream.pack();
  private readonly done: Promise<void>;
  bytes = TAR_END;
  samples = 0;

  constructor(
    readonly rel: string,
    file: string,
    private readonly mtime: Date,
  ) {
    this.done = pipeline(this.pack, fs.createWriteStream(file, { flags: 'wx' }));
    this.done.catch(() => undefined);
  }

  /** Resolves once the member has passed into the file stream, so no more than a stream buffer waits in memory. */
  add(name: string, data: Buffer): Promise<void> {
    this.bytes += tarSize(data.length);
    return new Promise((resolve, reject) => {
      this.pack.entry({ name, size: data.length, mtime: this.mtime, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' }, data, (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.pack.finalize();
    await this.done;
  }

  /** Stop writing and wait until the file is closed, so the temporary folder can be removed (Windows refuses an open file). */
  async abort(): Promise<void> {
    this.pack.destroy(new Error('export stopped'));
    await this.done.catch(() => undefined);
  }
}

interface Planned {
  item: ExportItem;
  split: SplitName | null;
  fileName: string;
  key: string;
}

export const webdatasetExporter: Exporter = {
  labeledBy: 'annotations',
  jpegOrPng: true,
  streams: true,
  async write(run) {
    const classes = classTable(run.plan.db);
    const { multiLabel } = run.selection;
    const base = shardBaseName(run.plan.out);
    const keys = new SampleKeys(run.registry('keys:'));
    const mtime = new Date();
    // Split by split, each in item order; without splits anywhere, all under null.
    const { bySplit, total, items } = splitItems(run);
    const plan = (item: ExportItem): Planned => {
      const split = bySplit ? item.split : null;
      const rel = run.nameIn(split ?? '', item);
      const fileName = rel.slice(rel.lastIndexOf('/') + 1);
      return { item, split, fileName, key: keys.take(fileName) };
    };
    const index: Record<string, { shards: string[]; samples: number }> = {};
    let shard: TarShard | null = null;
    let shardSplit: SplitName | null | undefined;
    const next = new Map<SplitName | null, number>();
    const openShard = async (split: SplitName | null) => {
      const folder = split ?? '';
      const n = next.get(split) ?? 0;
      next.set(split, n + 1);
      const name = `${base}-${String(n).padStart(6, '0')}.tar`;
      const rel = folder ? `${folder}/${name}` : name;
      await fs.promises.mkdir(path.join(run.dir, folder), { recursive: true });
      shard = new TarShard(rel, path.join(run.dir, ...rel.split('/')), mtime);
      shardSplit = split;
      const entry = (index[split ?? 'all'] ??= { shards: [], samples: 0 });
      entry.shards.push(rel);
      return shard;
    };
    try {
      await streamSamples(run, items, total, plan, async ({ planned: p, encoded, regions, answers }) => {
        const ext = splitExtension(p.fileName)[1] || '.png';
        const record = sampleRecord(p.item, { key: p.key, fileName: p.fileName, ...encoded.placement }, regions, classes, multiLabel, answers);
        const json = Buffer.from(JSON.stringify(record), 'utf8');
        const cls = !multiLabel && record.class_id !== null && record.class_id !== undefined ? Buffer.from(String(record.class_id), 'ascii') : null;
        const size = tarSize(encoded.data.length) + tarSize(json.length) + (cls ? tarSize(cls.length) : 0);
        let s = shard as TarShard | null;
        const full = s !== null && (s.samples >= run.plan.shard.images || s.bytes + size > run.plan.shard.bytes);
        if (s === null || shardSplit !== p.split || full) {
          if (s) await s.close();
          s = await openShard(p.split);
        }
        await s.add(`${p.key}${ext.toLowerCase()}`, encoded.data);
        await s.add(`${p.key}.json`, json);
        if (cls) await s.add(`${p.key}.cls`, cls);
        s.samples++;
        index[p.split ?? 'all']!.samples++;
        run.countWritten(p.item, encoded, [`${s.rel}/${p.key}${ext.toLowerCase()}`]);
      });
      if (shard) await (shard as TarShard).close();
    } catch (e) {
      await (shard as TarShard | null)?.abort();
      throw e;
    }
    const doc = {
      format: 'webdataset',
      description: 'Exported by Lightbox Studio. Each sample: KEY.jpg or KEY.png, KEY.json (labels, split, regions in pixels of the image), KEY.cls (class index, single-label).',
      classes: classes.list.map((c) => c.name),
      multiLabel,
      splits: index,
    };
    await run.writeText(WEBDATASET_INDEX, `${JSON.stringify(doc, null, 1)}\n`);
  },
};
