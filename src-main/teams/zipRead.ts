import fs from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { unsafeReason } from '../dataset/pathSafety.js';

/**
 * Reading a package (a zip a stranger handed us) without trusting it. Before anything is
 * inflated: the entry count from the central directory is capped, every name is checked (no
 * `..`, no absolute path, no drive letter or backslash, no symlink, no duplicate, even by case),
 * and declared sizes are capped. While inflating, the bytes actually produced are counted, not
 * the headers' claims: an entry stops at its cap, at the total cap, or when it has grown more
 * than `maxRatio` times its compressed size (a zip bomb).
 */

export interface ZipLimits {
  maxEntries: number;
  /** Largest inflated entry, in bytes. */
  maxEntryBytes: number;
  /** Largest sum of inflated bytes over the whole package. */
  maxTotalBytes: number;
  /** Largest inflated / compressed ratio, checked past the first MiB of an entry. */
  maxRatio: number;
}

export const PACKAGE_LIMITS: ZipLimits = {
  maxEntries: 100_010,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024 * 1024,
  maxRatio: 100,
};

/** A package of `what` ("task package", "result") refused: the file and the reason, in one line. */
export function refuse(what: string, reason: string): LightboxError {
  return new LightboxError('BAD_FILE', `This ${what} was not opened: ${reason}. Ask for a new copy of the file.`);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function nameOf(e: Entry, what: string): string {
  try {
    return utf8.decode(e.fileName as unknown as Uint8Array);
  } catch {
    throw refuse(what, 'an entry name is not valid UTF-8');
  }
}

function checkName(name: string, e: Entry, what: string): void {
  const shown = printable(name, 120);
  const why = unsafeReason(name);
  if (why) throw refuse(what, `the entry "${shown}" ${why}`);
  if (name.includes('\\')) throw refuse(what, `the entry "${shown}" has a backslash in its name`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse(what, `the entry "${shown}" has a control character in its name`);
  if (((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw refuse(what, `the entry "${shown}" is a symbolic link`);
  if ((e.generalPurposeBitFlag & 1) !== 0) throw refuse(what, `the entry "${shown}" is encrypted`);
}

export interface SafeZip {
  /** Entries by name (folders left out), in the order of the central directory. */
  readonly entries: ReadonlyMap<string, Entry>;
  /** Inflate one entry into memory (small entries: manifests). */
  read(name: string, maxBytes?: number): Promise<Buffer>;
  /** Inflate one entry into `file` (which must not exist). */
  extract(name: string, file: string): Promise<void>;
  close(): void;
}

function openRaw(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    ),
  );
}

function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

export async function openZip(file: string, what: string, limits: ZipLimits = PACKAGE_LIMITS): Promise<SafeZip> {
  let zip: ZipFile;
  try {
    zip = await openRaw(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new LightboxError('NOT_FOUND', `The file ${printable(file, 300)} does not exist.`);
    throw refuse(what, `it is not a readable zip file (${printable(String((e as Error).message), 120)})`);
  }
  try {
    // From the end-of-central-directory record: refused before a single entry is read.
    if (zip.entryCount > limits.maxEntries) throw refuse(what, `it lists ${zip.entryCount} entries, more than the ${limits.maxEntries} a package may hold`);
    let raw: Entry[];
    try {
      raw = await readEntries(zip);
    } catch (e) {
      throw refuse(what, `its list of entries is damaged (${printable(String((e as Error).message), 120)})`);
    }
    const entries = new Map<string, Entry>();
    const folded = new Set<string>();
    let declared = 0;
    for (const e of raw) {
      const name = nameOf(e, what);
      checkName(name.endsWith('/') ? name.slice(0, -1) || '.' : name, e, what);
      if (name.endsWith('/')) continue;
      const key = name.normalize('NFC').toLowerCase();
      if (folded.has(key)) throw refuse(what, `the entry "${printable(name, 120)}" appears twice`);
      folded.add(key);
      if (e.uncompressedSize > limits.maxEntryBytes) throw refuse(what, `the entry "${printable(name, 120)}" is larger than ${limits.maxEntryBytes} bytes`);
      declared += e.uncompressedSize;
      if (declared > limits.maxTotalBytes) throw refuse(what, `its entries add up to more than ${limits.maxTotalBytes} bytes`);
      entries.set(name, e);
    }
    return safeZip(zip, entries, what, limits);
  } catch (e) {
    zip.close();
    throw e;
  }
}

function safeZip(zip: ZipFile, entries: Map<string, Entry>, what: string, limits: ZipLimits): SafeZip {
  let total = 0;
  const stream = (name: string): Promise<Readable> => {
    const e = entries.get(name);
    if (!e) return Promise.reject(refuse(what, `it has no "${printable(name, 120)}"`));
    return new Promise((resolve, reject) => zip.openReadStream(e, (err, s) => (err || !s ? reject(refuse(what, `the entry "${printable(name, 120)}" is damaged`)) : resolve(s))));
  };
  /** Feed every inflated chunk of `name` to `sink`, stopping at the first cap crossed. */
  const pump = async (name: string, maxBytes: number, sink: (chunk: Buffer) => void): Promise<void> => {
    const e = entries.get(name);
    const s = await stream(name);
    let n = 0;
    const compressed = Math.max(1, e!.compressedSize);
    try {
      for await (const chunk of s as AsyncIterable<Buffer>) {
        n += chunk.length;
        total += chunk.length;
        if (n > maxBytes) throw refuse(what, `the entry "${printable(name, 120)}" inflates past ${maxBytes} bytes`);
        if (total > limits.maxTotalBytes) throw refuse(what, `it inflates past ${limits.maxTotalBytes} bytes in all`);
        if (n > 1024 * 1024 && n / compressed > limits.maxRatio) {
          throw refuse(what, `the entry "${printable(name, 120)}" inflates more than ${limits.maxRatio} times its size (a zip bomb)`);
        }
        sink(chunk);
      }
    } catch (err) {
      s.destroy();
      if (err instanceof LightboxError) throw err;
      throw refuse(what, `the entry "${printable(name, 120)}" is damaged (${printable(String((err as Error).message), 120)})`);
    }
  };
  return {
    entries,
    async read(name, maxBytes = limits.maxEntryBytes) {
      const parts: Buffer[] = [];
      await pump(name, Math.min(maxBytes, limits.maxEntryBytes), (c) => parts.push(c));
      return Buffer.concat(parts);
    },
    async extract(name, file) {
      const fd = fs.openSync(file, 'wx');
      try {
        await pump(name, limits.maxEntryBytes, (c) => fs.writeSync(fd, c));
      } finally {
        fs.closeSync(fd);
      }
    },
    close() {
      zip.close();
    },
  };
}
