import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

/** What goes into a package: a name inside the zip and either bytes or a file to copy in. */
export type ZipItem = { name: string; data: Buffer } | { name: string; file: string };

/**
 * Write a zip at `out` through a hidden temporary name beside it, renamed when complete, so the
 * name never holds half a package. Images are stored (they are compressed already); text is deflated.
 */
export async function writeZip(out: string, items: readonly ZipItem[]): Promise<void> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.${Date.now().toString(36)}.part`);
  const zip = new yazl.ZipFile();
  const mtime = new Date(0);
  for (const it of items) {
    const compress = /\.(json|md|txt)$/.test(it.name);
    if ('data' in it) zip.addBuffer(it.data, it.name, { mtime, compress });
    else zip.addFile(it.file, it.name, { mtime, compress });
  }
  zip.end();
  try {
    await new Promise<void>((resolve, reject) => {
      const ws = fs.createWriteStream(tmp, { flags: 'wx' });
      zip.outputStream.on('error', reject).pipe(ws).on('error', reject).on('close', resolve);
    });
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
