import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { printable } from '../dataset/pathSafety.js';

/**
 * The label files an import reads, and the identity of their content: a SHA-256 over every file
 * read (by its path inside the source) and every image name listed. The same dataset imported
 * again, wherever it now lies, has the same identity; one edited label file gives another.
 */
export class ImportSource {
  private readonly entries: string[] = [];

  /** `base`: the folder paths inside the source are taken relative to. */
  constructor(private readonly base: string) {}

  private rel(file: string): string {
    const r = path.relative(this.base, file);
    return (r.startsWith('..') || path.isAbsolute(r) ? path.basename(file) : r).split(path.sep).join('/');
  }

  /** Read a label file as text, refusing what is too large to be one. */
  read(file: string, maxBytes = 512 * 1024 * 1024): string {
    return this.readBytes(file, maxBytes).toString('utf8');
  }

  readBytes(file: string, maxBytes = 512 * 1024 * 1024): Buffer {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      throw new LightboxError('NOT_FOUND', `Cannot read ${printable(file)}. Check the path and that the file exists.`);
    }
    if (!st.isFile()) throw new LightboxError('BAD_FILE', `${printable(file)} is a folder, not a label file.`);
    if (st.size > maxBytes) throw new LightboxError('BAD_FILE', `${printable(file)} is larger than ${maxBytes / 1024 / 1024} MB.`);
    const data = fs.readFileSync(file);
    this.entries.push(`file\0${this.rel(file)}\0${createHash('sha256').update(data).digest('hex')}`);
    return data;
  }

  /** A name that is part of the source without its content being read (an image a folder lists). */
  note(file: string): void {
    this.entries.push(`name\0${this.rel(file)}`);
  }

  sha256(): string {
    const h = createHash('sha256');
    for (const e of [...this.entries].sort()) h.update(`${e}\n`);
    return h.digest('hex');
  }
}

/** What a planner is given besides its source path. */
export interface PlanContext {
  /** Real path of the dataset root. */
  datasetRoot: string;
  /** The dataset's images by file name (importedImages.ts imagesByName). */
  byName: Map<string, string[]>;
  /** Every label file is read through it, so the import knows its source's identity. */
  source: ImportSource;
}
