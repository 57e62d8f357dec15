import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { sha256File } from '../dataset/hash.js';
import type { JobContext } from '../jobs/JobManager.js';
import { listClasses } from '../store/classesRepo.js';
import type { Db } from '../store/openStore.js';
import { listRegions } from '../store/regionsRepo.js';
import { tagsOf } from '../store/tagsRepo.js';
import { commandTimes, lastAnnotationChange, taskImages, taskOf } from '../store/teamsRepo.js';
import { parseJson, parseWith, type ResultManifest, TaskManifest } from './manifest.js';
import { writeZip } from './zipWrite.js';

/**
 * `package return`: the working folder's answers as one `result.json` in a zip: per image of the
 * task its tags and regions (class names, shapes in upright pixels), when it was last answered,
 * and the hash of the file labeled, so the owner's merge can refuse a result attached to the
 * wrong image; the history's command times give the owner the annotator's throughput.
 */

export function currentTask(db: Db): { manifest: TaskManifest; openedAt: number } {
  const t = taskOf(db);
  if (!t) {
    throw new LightboxError('NOT_FOUND', 'This folder was not opened from a task package: open the .lbx with `lightbox package open TASK.lbx --into FOLDER` first.');
  }
  return { manifest: parseWith(TaskManifest, parseJson(t.manifest, 'task package'), 'task package'), openedAt: t.openedAt };
}

export interface ReturnSummary {
  out: string;
  annotator: string;
  images: number;
  answered: number;
}

export async function returnResult(root: string, db: Db, out: string, job: JobContext): Promise<ReturnSummary> {
  const { manifest, openedAt } = currentTask(db);
  if (fs.existsSync(out)) throw new LightboxError('CONFLICT', `${out} already exists: choose another --out or remove it.`);
  const names = new Map(listClasses(db, true).map((c) => [c.id, c.name]));
  const rows = taskImages(db);
  const images: ResultManifest['images'] = [];
  let answered = 0;
  for (const [i, r] of rows.entries()) {
    job.checkCancelled();
    if (r.imageId === null) continue; // not indexed (removed from the folder): nothing to hand in
    const tags = tagsOf(db, r.imageId).map((id) => names.get(id)!);
    const regions = listRegions(db, r.imageId).map((g) => ({ className: names.get(g.classId)!, shape: g.shape }));
    const changed = lastAnnotationChange(db, r.imageId);
    const isAnswered = tags.length > 0 || regions.length > 0 || r.status === 'done';
    if (isAnswered) answered++;
    images.push({
      id: r.sourceId,
      sha256: await sha256File(path.join(root, ...r.path.split('/'))),
      tags,
      regions,
      answeredAt: isAnswered ? Math.max(changed ?? 0, r.updatedAt ?? 0) : null,
    });
    job.progress(i + 1, rows.length, r.path);
  }
  const result: ResultManifest = {
    format: 'lightbox-result',
    version: 1,
    assignmentId: manifest.assignmentId,
    datasetId: manifest.datasetId,
    annotator: manifest.annotator,
    openedAt,
    returnedAt: Date.now(),
    images,
    history: commandTimes(db),
  };
  await writeZip(out, [{ name: 'result.json', data: Buffer.from(JSON.stringify(result)) }]);
  return { out, annotator: manifest.annotator, images: images.length, answered };
}
