import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Embedding, MAX_EMBEDDING_FLOATS } from './samModels.js';

/**
 * SAM image embeddings kept on disk, one file per image per encoder:
 * `DATASET/.lightbox/cache/sam/<encoder-sha256>/<image-sha256>[-f<frame>][-w<window>].bin` (the
 * window: the on-screen window/level the picture was seen through, hashed). Derived data,
 * safe to delete. A file is written under a temporary name and renamed, and read back only when
 * its header, its length and its checksum agree: anything else is treated as absent (recomputed).
 *
 * File: "LBSAMEM1", u32 rank, rank × u32 dims, 32-byte SHA-256 of the data, float32 LE data.
 */

const MAGIC = Buffer.from('LBSAMEM1', 'latin1');
const MAX_RANK = 8;
/** The cache folder of one dataset stays under this; the least recently used files go first. */
export const MAX_SAM_CACHE_BYTES = 2 * 1024 ** 3;

export function samCacheDir(root: string): string {
  return path.join(root, '.lightbox', 'cache', 'sam');
}

export function embeddingPath(root: string, encoderHash: string, imageKey: string): string {
  if (!/^[0-9a-f]{64}$/.test(encoderHash) || !/^[0-9a-f]{64}(-f\d+)?(-w[0-9a-f]{16})?$/.test(imageKey)) throw new Error(`bad embedding key ${encoderHash}/${imageKey}`);
  return path.join(samCacheDir(root), encoderHash, `${imageKey}.bin`);
}

/** The embedding cached at `file`, or null when it is missing, damaged or not an embedding (a damaged file is removed). */
export function readEmbedding(file: string): Embedding | null {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    // Bounded before reading: a cache file is at most the largest embedding plus its header.
    if (!st.isFile() || st.size > MAGIC.length + 4 + MAX_RANK * 4 + 32 + MAX_EMBEDDING_FLOATS * 4) return discard(file);
    buf = fs.readFileSync(file);
  } catch {
    return null;
  }
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return discard(file);
  const rank = buf.readUInt32LE(MAGIC.length);
  if (rank < 1 || rank > MAX_RANK) return discard(file);
  const dimsEnd = MAGIC.length + 4 + rank * 4;
  if (buf.length < dimsEnd + 32) return discard(file);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = buf.readUInt32LE(MAGIC.length + 4 + i * 4);
    dims.push(d);
    count *= d;
  }
  const dataStart = dimsEnd + 32;
  if (count > MAX_EMBEDDING_FLOATS || buf.length - dataStart !== count * 4) return discard(file);
  const body = buf.subarray(dataStart);
  if (!createHash('sha256').update(body).digest().equals(buf.subarray(dimsEnd, dataStart))) return discard(file);
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(body);
  // Touch it: pruning drops the least recently used first.
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
  } catch {
    // A read-only dataset still reads its cache.
  }
  return { dims, data };
}

function discard(file: string): null {
  fs.rmSync(file, { force: true });
  return null;
}

/** Write an embedding atomically (temporary name, then rename), then keep the cache folder under its bound. */
export function writeEmbedding(root: string, file: string, e: Embedding, maxBytes = MAX_SAM_CACHE_BYTES): void {
  const body = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
  const header = Buffer.alloc(MAGIC.length + 4 + e.dims.length * 4);
  MAGIC.copy(header);
  header.writeUInt32LE(e.dims.length, MAGIC.length);
  e.dims.forEach((d, i) => header.writeUInt32LE(d, MAGIC.length + 4 + i * 4));
  const sum = createHash('sha256').update(body).digest();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, header);
      fs.writeSync(fd, sum);
      fs.writeSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  pruneCache(samCacheDir(root), maxBytes);
}

/** Remove the least recently used cache files until the folder holds at most `maxBytes`. */
export function pruneCache(dir: string, maxBytes: number): void {
  const files: { file: string; size: number; mtime: number }[] = [];
  let total = 0;
  let models: string[];
  try {
    models = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const m of models) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dir, m));
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.endsWith('.bin')) continue;
      const file = path.join(dir, m, n);
      try {
        const st = fs.statSync(file);
        files.push({ file, size: st.size, mtime: st.mtimeMs });
        total += st.size;
      } catch {
        // Removed meanwhile.
      }
    }
  }
  if (total <= maxBytes) return;
  files.sort((a, b) => a.mtime - b.mtime);
  for (const f of files) {
    if (total <= maxBytes) break;
    fs.rmSync(f.file, { force: true });
    total -= f.size;
  }
}
