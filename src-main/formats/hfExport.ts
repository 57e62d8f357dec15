import type { Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';

/** Folder names the Hugging Face `imagefolder` builder reads as splits. */
const HF_SPLIT: Record<SplitName, string> = { train: 'train', val: 'validation', test: 'test' };

/**
 * Hugging Face `imagefolder` with metadata, for `load_dataset('imagefolder', data_dir=OUT)`:
 * with splits, `OUT/{train,validation,test}/IMAGE` and a `metadata.jsonl` in each split folder
 * (the layout the builder documents; images without a split are then left out and counted);
 * without, `OUT/IMAGE` and `OUT/metadata.jsonl`. One JSON object per line, in path order:
 * `{"file_name": NAME, "label": CLASS}`, or `"labels": [CLASS, ...]` for a multi-label project,
 * and `"split"` (the folder's name) when there are splits. Images sit flat in their folder, so
 * the builder takes labels from the metadata, never from folder names. With `--annotations all`,
 * every record has `answers`: [{annotator, labels: [CLASS, ...]}], one per annotator who answered it.
 */
export const hfExporter: Exporter = {
  labeledBy: 'tags',
  async write(run) {
    const { items, multiLabel } = run.selection;
    const bySplit = items.some((i) => i.split !== null);
    const planned: { item: ExportItem; folder: string; rel: string }[] = [];
    for (const item of items) {
      if (bySplit && item.split === null) {
        run.leaveOutNoSplit(item);
        continue;
      }
      const folder = bySplit ? HF_SPLIT[item.split!] : '';
      run.names(folder).reserve('metadata.jsonl');
      planned.push({ item, folder, rel: run.nameIn(folder, item) });
    }
    const written = await run.forEach(
      planned,
      (p) => p.item.path,
      async (p) => ((await run.writeImage(p.item, [p.rel])) ? p : null),
    );
    const lines = new Map<string, string[]>();
    for (const p of written) {
      if (!p) continue;
      const fileName = p.folder ? p.rel.slice(p.folder.length + 1) : p.rel;
      const record: Record<string, unknown> = { file_name: fileName };
      if (multiLabel) record.labels = p.item.labels;
      else record.label = p.item.labels[0] ?? null;
      if (bySplit) record.split = p.folder;
      // --annotations all: each annotator's classes beside the dataset's own.
      if (p.item.answers) record.answers = p.item.answers.map((x) => ({ annotator: x.annotator, labels: x.labels }));
      const list = lines.get(p.folder) ?? [];
      list.push(JSON.stringify(record));
      lines.set(p.folder, list);
    }
    for (const [folder, list] of lines) await run.writeText(folder ? `${folder}/metadata.jsonl` : 'metadata.jsonl', `${list.join('\n')}\n`);
  },
};
