import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { writeFolderAtomic } from '../dataset/atomicOutput.js';
import { scanDataset } from '../dataset/scan.js';
import type { JobContext } from '../jobs/JobManager.js';
import { addClass, findClassByName } from '../store/classesRepo.js';
import { setImageStatus } from '../store/imageStateRepo.js';
import { getImageByPath } from '../store/imagesRepo.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { writeTags } from '../store/tagsRepo.js';
import { writeTx } from '../store/openStore.js';
import type { Session } from './Session.js';

/** `sample-labels.json` beside the sample images: the classes and the labels it comes with. */
interface SampleLabels {
  classes: { name: string; color: string }[];
  labels: Record<string, string>;
}

const quietJob: JobContext = { signal: new AbortController().signal, progress: () => undefined, checkCancelled: () => undefined };

/** Where the bundled sample is found: next to the built app, or in the source tree. */
export function defaultSampleSource(): string {
  const candidates = [
    process.env.LIGHTBOX_SAMPLE,
    path.join(process.cwd(), 'assets', 'sample-dataset'),
    typeof __dirname === 'string' ? path.join(__dirname, '..', '..', 'assets', 'sample-dataset') : undefined,
    (process as { resourcesPath?: string }).resourcesPath ? path.join((process as { resourcesPath?: string }).resourcesPath!, 'sample-dataset') : undefined,
  ];
  const found = candidates.find((c) => c && fs.existsSync(path.join(c, 'sample-labels.json')));
  if (!found) throw new LightboxError('NOT_FOUND', 'The sample dataset is missing from this installation. Reinstall Lightbox Studio, or open a folder of your own.');
  return found;
}

/**
 * The sample is copied into the user's data folder before it is opened, so labeling it never
 * writes into the installation. Its labels are applied once, to a fresh store.
 */
export async function openSample(session: Session): Promise<void> {
  const source = session.hooks.sampleSource ?? defaultSampleSource();
  const target = path.join(session.home, 'sample-dataset');
  if (!fs.existsSync(target)) {
    // Whole or not at all. A copy another window finished meanwhile is kept: it may already be open.
    const copy = async (tmp: string) => fs.cpSync(source, tmp, { recursive: true, filter: (src) => !src.includes(`${path.sep}.lightbox`) });
    try {
      const keepTheirs = () => {
        throw new Error('the sample is already there');
      };
      await writeFolderAtomic(target, keepTheirs, copy);
    } catch (e) {
      if (!fs.existsSync(path.join(target, 'sample-labels.json'))) throw e;
    }
  }
  const ds = session.open(target, true);
  if (getSetting(ds.db, 'sampleSeeded', false)) return;
  await scanDataset(ds.root, ds.db, quietJob);
  const seed = JSON.parse(fs.readFileSync(path.join(target, 'sample-labels.json'), 'utf8')) as SampleLabels;
  const ids = new Map<string, number>();
  for (const c of seed.classes) ids.set(c.name, (findClassByName(ds.db, c.name) ?? addClass(ds.db, c)).id);
  writeTx(ds.db, () => {
    for (const [rel, cls] of Object.entries(seed.labels)) {
      const img = getImageByPath(ds.db, rel);
      const classId = ids.get(cls);
      if (img && classId) {
        writeTags(ds.db, img.id, [classId], 'sample');
        setImageStatus(ds.db, img.id, 'done');
      }
    }
    setSetting(ds.db, 'sampleSeeded', true);
  });
}
