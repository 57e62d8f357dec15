import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { sha256File } from '../dataset/hash.js';
import { scanDataset } from '../dataset/scan.js';
import type { JobContext } from '../jobs/JobManager.js';
import { addClass } from '../store/classesRepo.js';
import { closeStore, openStore, writeTx } from '../store/openStore.js';
import { setSetting } from '../store/settingsRepo.js';
import { setTask } from '../store/teamsRepo.js';
import { IMAGE_ENTRY, parseJson, parseWith, TaskManifest } from './manifest.js';
import { openZip, refuse, type ZipLimits } from './zipRead.js';

/**
 * Unpack a task package into a working folder: `images/NNNNNN.ext` (names fixed by the manifest's
 * schema, so an entry can never be written elsewhere) and `GUIDELINES.md`. Only entries the
 * manifest names are accepted; an image whose bytes do not match its hash is refused. On any
 * refusal the folder is removed again (it was empty or new), so nothing of the package stays.
 */

const WHAT = 'task package';
export const GUIDELINES_FILE = 'GUIDELINES.md';
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

function prepareFolder(into: string): void {
  if (fs.existsSync(into)) {
    const st = fs.lstatSync(into);
    if (!st.isDirectory()) throw new LightboxError('NOT_A_FOLDER', `${printable(into, 300)} is a file: give a new folder to unpack the task into.`);
    if (fs.readdirSync(into).length > 0) throw new LightboxError('CONFLICT', `${printable(into, 300)} is not empty: give a new or empty folder to unpack the task into.`);
  } else fs.mkdirSync(into, { recursive: true });
}

export async function unpackTask(file: string, into: string, job: JobContext, limits?: ZipLimits): Promise<TaskManifest> {
  const zip = await openZip(file, WHAT, limits);
  try {
    if (!zip.entries.has('manifest.json')) throw refuse(WHAT, 'it has no manifest.json (is it a Lightbox task package?)');
    const manifest = parseWith(TaskManifest, parseJson((await zip.read('manifest.json', MAX_MANIFEST_BYTES)).toString('utf8'), WHAT), WHAT);
    const listed = new Set(manifest.images.map((i) => i.file));
    if (listed.size !== manifest.images.length) throw refuse(WHAT, 'its manifest lists an image twice');
    for (const name of zip.entries.keys()) {
      const known = name === 'manifest.json' || (name === 'guidelines.md' && manifest.guidelines !== null) || (IMAGE_ENTRY.test(name) && listed.has(name));
      if (!known) throw refuse(WHAT, `the entry "${printable(name, 120)}" is not part of a task package`);
    }
    for (const im of manifest.images) if (!zip.entries.has(im.file)) throw refuse(WHAT, `the image ${im.file} its manifest lists is missing`);
    if (manifest.guidelines && !zip.entries.has('guidelines.md')) throw refuse(WHAT, 'the guidelines its manifest lists are missing');
    prepareFolder(into);
    try {
      fs.mkdirSync(path.join(into, 'images'));
      let done = 0;
      for (const im of manifest.images) {
        job.checkCancelled();
        const target = path.join(into, ...im.file.split('/'));
        await zip.extract(im.file, target);
        if ((await sha256File(target)) !== im.sha256) throw refuse(WHAT, `the image ${im.file} does not match its hash (damaged or changed)`);
        job.progress(++done, manifest.images.length, im.file);
      }
      if (manifest.guidelines) fs.writeFileSync(path.join(into, GUIDELINES_FILE), await zip.read('guidelines.md', 1024 * 1024), { flag: 'wx' });
    } catch (e) {
      fs.rmSync(into, { recursive: true, force: true });
      throw e;
    }
    return manifest;
  } finally {
    zip.close();
  }
}

/**
 * Make the unpacked folder a dataset that knows its task: the package's classes (in order, with
 * their colours and keys), its label mode, the annotator's name (the author of every label made
 * there), the images indexed, and which image is which in the owner's dataset. The folder is
 * removed again when this fails, so a half-made task never stays.
 */
export async function setUpWorkingFolder(into: string, manifest: TaskManifest, job: JobContext): Promise<void> {
  let db: ReturnType<typeof openStore> | null = null;
  try {
    db = openStore(into);
    const store = db;
    writeTx(store, () => {
      for (const c of manifest.classes) addClass(store, { name: c.name, color: c.color, hotkey: c.hotkey });
    });
    setSetting(store, 'labelMode', manifest.labelMode);
    setSetting(store, 'annotator', manifest.annotator);
    await scanDataset(into, store, job, { thumbnails: false });
    writeTx(store, () => setTask(store, JSON.stringify(manifest), manifest.images.map((im) => ({ path: im.file, sourceId: im.id, sha256: im.sha256 })), Date.now()));
  } catch (e) {
    if (db) closeStore(db);
    db = null;
    fs.rmSync(into, { recursive: true, force: true });
    throw e;
  } finally {
    if (db) closeStore(db);
  }
}
