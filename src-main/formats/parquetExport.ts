import fs from 'node:fs';
import path from 'node:path';
import type { Writer } from 'hyparquet-writer';
import type { Exporter } from './exportRun.js';
import type { EncodedImage } from '../imaging/exportImage.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { type ClassTable, classTable } from './regionSupport.js';
import { splitItems, streamSamples } from './sampleStream.js';
import { classIndices, sampleAnswers, sampleRegions } from './sampleRecord.js';

/**
 * Parquet in the layout the Hugging Face Hub writes, for `load_dataset('parquet', data_dir=OUT)`
 * or `load_dataset(OUT)`: `data/{train,validation,test}-00000-of-0000N.parquet` (everything is
 * `train` when no image has a split). One row per image, columns
 * - `image`: struct {bytes: binary, path: string}, as the `datasets` Image feature stores it
 *   (the written JPEG or PNG and its file name);
 * - `label`: int64 class index (null for an image with regions only), or, in a multi-label
 *   project, `labels`: list<int64>; both ClassLabel over the classes in class order;
 * - `split`: train, val, test or null; `width`, `height`: int32, the written size;
 * - `regions`: JSON text, a list of {class, class_id, kind, bbox, points | x, y | rle} in pixels
 *   of the written image (sampleRecord.ts), masks as COCO compressed RLE;
 * - with `--annotations all`, `answers`: JSON text, each annotator's answer (annotator, labels,
 *   class_ids, regions as above); the columns above are then the dataset's own labels.
 * The `huggingface` key of the file metadata carries the features, so `datasets` decodes `image`
 * as an image and `label` as a ClassLabel. Rows are written in row groups of at most 100 rows
 * or 16 MiB of images, and a file ends after `shardSize` rows or near `shardBytes`.
 */

/** The file-name form of each split that the Hub's data-file patterns read. */
const HF_SPLIT: Record<SplitName, string> = { train: 'train', val: 'validation', test: 'test' };

/**
 * 100 rows is what `datasets` itself writes for image datasets (its row-group size for images), so
 * a reader fetches a few images, not thousands; the byte cap keeps a group of large images (and
 * the writer's copy of it while encoding) to tens of megabytes.
 */
const ROW_GROUP_ROWS = 100;
const ROW_GROUP_BYTES = 16 * 1024 * 1024;

/** A Parquet schema element (parquet-format's SchemaElement), as hyparquet-writer takes it. */
type SchemaElement = Record<string, unknown>;

const optional = 'OPTIONAL';
const UTF8 = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: optional };

function schema(multiLabel: boolean, answers: boolean): SchemaElement[] {
  const label: SchemaElement[] = multiLabel
    ? [
        { name: 'labels', repetition_type: optional, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'INT64', repetition_type: optional },
      ]
    : [{ name: 'label', type: 'INT64', repetition_type: optional }];
  return [
    { name: 'schema', num_children: answers ? 7 : 6 },
    { name: 'image', repetition_type: optional, num_children: 2 },
    { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: optional },
    { name: 'path', ...UTF8 },
    ...label,
    { name: 'split', ...UTF8 },
    { name: 'width', type: 'INT32', repetition_type: optional },
    { name: 'height', type: 'INT32', repetition_type: optional },
    { name: 'regions', ...UTF8 },
    ...(answers ? [{ name: 'answers', ...UTF8 }] : []),
  ];
}

/** The features `datasets` restores from the `huggingface` metadata key. */
export function hfFeatures(classes: ClassTable, multiLabel: boolean, answers = false): string {
  const names = classes.list.map((c) => c.name);
  const classLabel = { names, _type: 'ClassLabel' };
  const value = (dtype: string) => ({ dtype, _type: 'Value' });
  const features = {
    image: { _type: 'Image' },
    ...(multiLabel ? { labels: { feature: classLabel, _type: 'Sequence' } } : { label: classLabel }),
    split: value('string'),
    width: value('int32'),
    height: value('int32'),
    regions: value('string'),
    ...(answers ? { answers: value('string') } : {}),
  };
  return JSON.stringify({ info: { features } });
}

interface Row {
  image: { bytes: Uint8Array; path: string };
  label: bigint | null | bigint[];
  split: string | null;
  width: number;
  height: number;
  regions: string;
  /** `--annotations all`: each annotator's answer as JSON text (sampleRecord.ts SampleAnswer[]). */
  answers?: string;
}

interface ParquetModule {
  ParquetWriter: new (o: { writer: Writer; schema: SchemaElement[]; kvMetadata: { key: string; value: string }[]; createdBy: string }) => {
    write(o: { columnData: { name: string; data: unknown[]; codec?: string; encoding?: string; statistics?: boolean }[]; rowGroupSize: number }): void | Promise<void>;
    finish(): void | Promise<void>;
  };
  fileWriter(file: string): Writer;
}

/** One Parquet file being written: rows buffered up to a row group, then encoded and flushed to disk. */
class ParquetShard {
  private readonly writer: InstanceType<ParquetModule['ParquetWriter']>;
  private rows: Row[] = [];
  private buffered = 0;
  rowsWritten = 0;
  bytes = 0;

  constructor(
    pq: ParquetModule,
    readonly file: string,
    private readonly multiLabel: boolean,
    features: string,
    private readonly answers: boolean,
  ) {
    this.writer = new pq.ParquetWriter({ writer: pq.fileWriter(file), schema: schema(multiLabel, answers), kvMetadata: [{ key: 'huggingface', value: features }], createdBy: 'Lightbox Studio' });
  }

  async add(row: Row): Promise<void> {
    this.rows.push(row);
    this.buffered += row.image.bytes.length;
    this.bytes += row.image.bytes.length + row.regions.length + (row.answers?.length ?? 0) + 64;
    this.rowsWritten++;
    if (this.rows.length >= ROW_GROUP_ROWS || this.buffered >= ROW_GROUP_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.buffered = 0;
    await this.writer.write({
      columnData: [
        // JPEG and PNG bytes are compressed already: stored plain, without statistics or a dictionary.
        { name: 'image', data: rows.map((r) => r.image), codec: 'UNCOMPRESSED', encoding: 'PLAIN', statistics: false },
        { name: this.multiLabel ? 'labels' : 'label', data: rows.map((r) => r.label) },
        { name: 'split', data: rows.map((r) => r.split) },
        { name: 'width', data: rows.map((r) => r.width) },
        { name: 'height', data: rows.map((r) => r.height) },
        { name: 'regions', data: rows.map((r) => r.regions), statistics: false },
        ...(this.answers ? [{ name: 'answers', data: rows.map((r) => r.answers ?? '[]'), statistics: false }] : []),
      ],
      rowGroupSize: rows.length,
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.finish();
  }
}

export const parquetExporter: Exporter = {
  labeledBy: 'annotations',
  jpegOrPng: true,
  streams: true,
  async write(run) {
    // hyparquet-writer is an ES module; the CommonJS bundles reach it through import().
    const pq = (await import('hyparquet-writer')) as unknown as ParquetModule;
    const classes = classTable(run.plan.db);
    const { multiLabel } = run.selection;
    const withAnswers = run.selection.annotators !== undefined;
    const features = hfFeatures(classes, multiLabel, withAnswers);
    const { bySplit, total, items } = splitItems(run);
    const plan = (item: ExportItem) => {
      const split = bySplit ? HF_SPLIT[item.split!] : 'train';
      // Names are unique within a split, as in the other formats; the folder is only for the allocator.
      return { item, split, fileName: run.nameIn(split, item).slice(split.length + 1) };
    };
    const data = path.join(run.dir, 'data');
    await fs.promises.mkdir(data, { recursive: true });
    const files = new Map<string, string[]>();
    // Where an image went is read only by the name mapping and rescale.json, which need the final
    // file names: those images are counted at the end (without their bytes), the others at once.
    const deferred: { item: ExportItem; encoded: EncodedImage; split: string; file: number; name: string }[] = [];
    let shard: ParquetShard | null = null;
    let shardSplit = '';
    const open = (split: string) => {
      const list = files.get(split) ?? [];
      files.set(split, list);
      const file = path.join(data, `${split}-${String(list.length).padStart(5, '0')}.parquet.partial`);
      list.push(file);
      shardSplit = split;
      return new ParquetShard(pq, file, multiLabel, features, withAnswers);
    };
    await streamSamples(run, items, total, plan, async ({ planned: p, encoded, regions, answers }) => {
      const size = encoded.data.length;
      const full = shard !== null && (shard.rowsWritten >= run.plan.shard.images || shard.bytes + size > run.plan.shard.bytes);
      if (shard === null || shardSplit !== p.split || full) {
        if (shard) await shard.close();
        shard = open(p.split);
      }
      const ids = classIndices(p.item, classes).map((i) => BigInt(i));
      const { width, height } = encoded.placement;
      await shard.add({
        image: { bytes: encoded.data, path: p.fileName },
        label: multiLabel ? ids : (ids[0] ?? null),
        split: p.item.split,
        width,
        height,
        regions: JSON.stringify(sampleRegions(regions, classes, width, height)),
        ...(withAnswers ? { answers: JSON.stringify(sampleAnswers(p.item, encoded.placement, classes, answers) ?? []) } : {}),
      });
      if (run.plan.anonymousNames || encoded.rescale) {
        deferred.push({ item: p.item, encoded: { ...encoded, data: Buffer.alloc(0) }, split: p.split, file: files.get(p.split)!.length - 1, name: p.fileName });
      } else {
        run.countWritten(p.item, encoded, [`data/${p.split}/${p.fileName}`]);
      }
    });
    if (shard) await (shard as ParquetShard).close();
    // Only now is each split's file count known: `-of-0000N` goes into the names.
    const finalName = (split: string, i: number) => `${split}-${String(i).padStart(5, '0')}-of-${String(files.get(split)!.length).padStart(5, '0')}.parquet`;
    for (const [split, list] of files) {
      for (const [i, file] of list.entries()) await fs.promises.rename(file, path.join(data, finalName(split, i)));
    }
    for (const w of deferred) run.countWritten(w.item, w.encoded, [`data/${finalName(w.split, w.file)}/${w.name}`]);
  },
};
