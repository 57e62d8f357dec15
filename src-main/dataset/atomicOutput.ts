import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writing so that a name never holds half a result, whatever kills the process: a file or a folder
 * is made under a temporary name beside its final one, then renamed into place. What a dead
 * process left under a temporary name is recognised by the pid in that name and removed.
 *
 * Files: `.NAME.PID.TIME.part` in the same folder (hidden, so the scan never indexes one).
 * Folders: `OUT.partial-PID-XXXXXX` beside OUT; a replaced folder waits as `OUT.old-XXXXXXXX`
 * until the new one is in place, so a crash in between leaves the old one whole.
 */

/** True when process `pid` is running (or exists under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------
// Files

const PART = /^\..+\.(\d+)\.[0-9a-z]+\.part$/;

/**
 * Make `file` by writing a hidden temporary name in the same folder, then renaming it, so the
 * name never holds a partial file; the temporary file is removed when the write fails.
 */
function throughTemp(file: string, write: (tmp: string) => void): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.part`);
  try {
    write(tmp);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write `data` to `file` through a hidden temporary name in the same folder, then rename. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  throughTemp(file, (tmp) => fs.writeFileSync(tmp, data));
}

/** Copy `src` to `file` through a hidden temporary name, then rename. */
export function copyFileAtomic(src: string, file: string): void {
  throughTemp(file, (tmp) => fs.copyFileSync(src, tmp));
}

/**
 * Remove `abs` if it is a temporary file of `writeFileAtomic`/`copyFileAtomic` whose process is
 * gone (killed mid-copy by a crash or a power cut). True when it was removed.
 */
export function removeStalePart(abs: string): boolean {
  const m = PART.exec(path.basename(abs));
  if (!m || processAlive(Number(m[1]))) return false;
  fs.rmSync(abs, { force: true });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Folders

/** Create `dir` and missing parents; returns the folders it created, deepest last. */
function mkdirTracked(dir: string): string[] {
  const missing: string[] = [];
  for (let cur = dir; !fs.existsSync(cur); cur = path.dirname(cur)) {
    missing.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const d of missing) fs.mkdirSync(d);
  return missing;
}

function removeIfEmpty(dirs: readonly string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      return; // not empty (someone else wrote there) or already gone
    }
  }
}

/**
 * Remove `OUT.partial-PID-XXXX` folders left beside OUT by a writer whose process died (a crash,
 * a power cut). A folder of a process still running is another write in progress: left alone.
 */
export function removeStalePartials(out: string): string[] {
  const dir = path.dirname(out);
  const prefix = `${path.basename(out)}.partial-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || processAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * What to do when `out` already holds something at the moment the new folder is ready:
 * return normally to replace it, throw to refuse (the new folder is then discarded).
 * It is called only for a non-empty folder; an empty folder or a symlink is always replaced
 * (a symlink by unlinking the link only, never touching what it points to).
 */
export type ReplaceCheck = (existing: string) => void;

/** Put the finished temporary folder at `out`, replacing what is there only when `replace` allows. */
function commitFolder(tmp: string, out: string, replace: ReplaceCheck): void {
  let old: string | null = null;
  const st = fs.lstatSync(out, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    fs.unlinkSync(out);
  } else if (st) {
    if (st.isDirectory() && fs.readdirSync(out).length === 0) fs.rmdirSync(out);
    else {
      replace(out);
      // The old folder moves aside under a name in the same folder (a rename, never a copy).
      old = `${out}.old-${randomBytes(4).toString('hex')}`;
      fs.renameSync(out, old);
    }
  }
  try {
    fs.renameSync(tmp, out);
  } catch (e) {
    if (old) fs.renameSync(old, out);
    throw e;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Make the folder `out` whole or not at all: `write` fills a temporary folder beside it
 * (`OUT.partial-PID-XXXXXX`, after removing those of dead processes), which is then renamed to
 * `out`. On failure or cancel the temporary folder, and any parent made for it, is removed and
 * `out` is as it was.
 */
export async function writeFolderAtomic<T>(out: string, replace: ReplaceCheck, write: (tmp: string) => Promise<T>): Promise<T> {
  let created: string[] = [];
  let tmp: string | null = null;
  try {
    created = mkdirTracked(path.dirname(out));
    removeStalePartials(out);
    tmp = fs.mkdtempSync(`${out}.partial-${process.pid}-`);
    const result = await write(tmp);
    commitFolder(tmp, out, replace);
    return result;
  } catch (e) {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    removeIfEmpty(created);
    throw e;
  }
}
