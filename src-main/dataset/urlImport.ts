import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { probeImage } from '../imaging/probe.js';
import { type JobContext, mapLimit } from '../jobs/JobManager.js';
import { liveUrlImages } from '../store/acquiredImagesRepo.js';
import {
  type UrlItemState,
  createUrlImport,
  failedUrlImportItems,
  finishUrlImport,
  pendingUrlImportItems,
  runningUrlImport,
  setUrlImportAllowPrivate,
  setUrlImportItemState,
  urlImportItemCount,
  urlImportStateCounts,
} from '../store/urlImportsRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { addTags, ensureClass, findByHash, upsertImageRow } from './addImage.js';
import { candidateNames, hostFolder, removeStalePart, stemFromUrl, writeFileAtomic } from './fileNames.js';
import { sha256Buffer } from './hash.js';
import { KIND_EXTENSION } from './imageMagic.js';
import { FetchFailure, type FetchLimits, fetchImage } from './safeFetch.js';
import { parseUrlList } from './urlList.js';

/**
 * Import a list of image URLs into `downloads/HOST/`. Progress is kept per list line in the store
 * (`url_imports`, `url_import_items`), each image's file, row, label and line state are committed
 * together, so a run killed at any moment resumes where it stopped without fetching a finished
 * line again or leaving a second copy of a file.
 */

export const DOWNLOADS_DIR = 'downloads';

export const URL_IMPORT_DEFAULTS = {
  concurrency: 4,
  timeoutMs: 30_000,
  maxBytes: 50 * 1024 * 1024,
  maxRedirects: 5,
} as const;

export interface UrlImportOptions {
  allowPrivateNetwork: boolean;
  concurrency?: number;
  timeoutMs?: number;
  maxBytes?: number;
  author: string | null;
}

export interface UrlImportSummary {
  importId: number;
  /** True when this run continued an earlier, interrupted one. */
  resumed: boolean;
  /** URL lines in the list. */
  total: number;
  /** Images saved (over the whole import, earlier runs included). */
  saved: number;
  /** Lines skipped because the same image (by content, or the same URL) is already in the dataset. */
  duplicates: number;
  /** Lines finished by an earlier run, so not fetched again now. */
  finishedEarlier: number;
  failed: { line: number; url: string; reason: string }[];
  /** Classes created for labels that did not exist yet. */
  classesCreated: string[];
}

interface ItemRow {
  line: number;
  url: string;
  label: string | null;
}

/**
 * Find the unfinished import of this very list (same content) to resume, or record a new one.
 * Lines that are not valid entries are recorded as failed right away.
 */
export function prepareUrlImport(db: Db, text: string, allowPrivateNetwork: boolean): { importId: number; resumed: boolean } {
  const { entries, invalid } = parseUrlList(text);
  if (entries.length === 0 && invalid.length === 0) {
    throw new LightboxError('BAD_FILE', 'The list has no web addresses. Put one image URL per line, optionally followed by ",label".');
  }
  const listSha = sha256Buffer(Buffer.from(text.replace(/\r\n?/g, '\n').trim(), 'utf8'));
  return writeTx(db, () => {
    const now = Date.now();
    const open = runningUrlImport(db, listSha);
    if (open !== undefined) {
      setUrlImportAllowPrivate(db, open, allowPrivateNetwork, now);
      return { importId: open, resumed: true };
    }
    const items = [
      ...entries.map((e) => ({ line: e.line, url: e.url, label: e.label, state: 'pending' as const, reason: null })),
      ...invalid.map((x) => ({ line: x.line, url: x.text, label: null, state: 'failed' as const, reason: x.reason })),
    ];
    return { importId: createUrlImport(db, listSha, allowPrivateNetwork, items, now), resumed: false };
  });
}

/** Remove `.part` files left in downloads/ by a process that died mid-write. */
function removeStaleParts(root: string): void {
  const base = path.join(root, DOWNLOADS_DIR);
  let dirs: fs.Dirent[];
  try {
    dirs = fs.readdirSync(base, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of dirs) {
    if (!d.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(base, d.name))) removeStalePart(path.join(base, d.name, f));
  }
}

function fileSha(abs: string): string | null {
  try {
    return sha256Buffer(fs.readFileSync(abs));
  } catch {
    return null;
  }
}

export async function runUrlImport(root: string, db: Db, importId: number, resumed: boolean, opts: UrlImportOptions, job: JobContext): Promise<UrlImportSummary> {
  const limits: FetchLimits = {
    allowPrivateNetwork: opts.allowPrivateNetwork,
    timeoutMs: opts.timeoutMs ?? URL_IMPORT_DEFAULTS.timeoutMs,
    maxBytes: opts.maxBytes ?? URL_IMPORT_DEFAULTS.maxBytes,
    maxRedirects: URL_IMPORT_DEFAULTS.maxRedirects,
    signal: job.signal,
  };
  removeStaleParts(root);
  const all = { n: urlImportItemCount(db, importId) };
  const pending: ItemRow[] = pendingUrlImportItems(db, importId);
  const finishedEarlier = all.n - pending.length;
  const classesCreated: string[] = [];
  const setState = (state: UrlItemState, reason: string | null, imageId: number | null, line: number) =>
    setUrlImportItemState(db, importId, line, state, reason, imageId);
  const fail = (item: ItemRow, reason: string) => writeTx(db, () => setState('failed', reason, null, item.line));
  // URLs imported before (by any import): read once, as source_ref has no index.
  const imported = new Map<string, number>();
  for (const r of liveUrlImages(db)) {
    if (r.ref) imported.set(r.ref, r.id);
  }

  let done = finishedEarlier;
  job.progress(done, all.n);

  /** Everything from the duplicate check to the commit runs without awaiting, so workers cannot race. */
  const save = (item: ItemRow, url: URL, body: Buffer, kind: keyof typeof KIND_EXTENSION, probe: Awaited<ReturnType<typeof probeImage>>) => {
    const sha = sha256Buffer(body);
    const dirRel = `${DOWNLOADS_DIR}/${hostFolder(url)}`;
    const dup = findByHash(db, sha);
    // A row a scan made for our own file (written before a crash, indexed before we resumed) is ours to claim.
    const ours = dup && dup.source === 'folder' && dup.path.startsWith(`${dirRel}/`);
    if (dup && !ours) {
      writeTx(db, () => setState('duplicate', `same image as ${dup.path}`, dup.id, item.line));
      return;
    }
    let rel = dup?.path ?? '';
    if (!ours) {
      for (const name of candidateNames(stemFromUrl(url), KIND_EXTENSION[kind])) {
        const abs = path.join(root, ...dirRel.split('/'), name);
        if (!fs.existsSync(abs)) {
          writeFileAtomic(abs, body);
          rel = `${dirRel}/${name}`;
          break;
        }
        if (fileSha(abs) === sha) {
          rel = `${dirRel}/${name}`; // written by an earlier run that stopped before its commit
          break;
        }
      }
    }
    writeTx(db, () => {
      const imageId = upsertImageRow(db, {
        rel,
        abs: path.join(root, ...rel.split('/')),
        sha256: sha,
        probe: probe.ok ? probe.probe : null,
        error: probe.ok ? null : probe.reason,
        source: 'url',
        sourceRef: item.url,
      });
      if (item.label) {
        const c = ensureClass(db, item.label);
        if (c.created) classesCreated.push(item.label);
        addTags(db, imageId, [c.id], opts.author);
      }
      setState('done', null, imageId, item.line);
      imported.set(item.url, imageId);
    });
  };

  await mapLimit(
    pending,
    Math.max(1, opts.concurrency ?? URL_IMPORT_DEFAULTS.concurrency),
    async (item) => {
      job.checkCancelled();
      const known = imported.get(item.url);
      if (known !== undefined) {
        writeTx(db, () => setState('duplicate', 'this address was imported before', known, item.line));
      } else {
        let url: URL | null = null;
        try {
          url = new URL(item.url);
          const fetched = await fetchImage(item.url, limits);
          const probe = await probeImage(fetched.body);
          job.checkCancelled();
          save(item, url, fetched.body, fetched.kind, probe);
        } catch (e) {
          if (job.signal.aborted) throw new LightboxError('CANCELLED', 'The import was cancelled; run it again to resume.');
          if (e instanceof FetchFailure) fail(item, e.message);
          else if (!url) fail(item, 'not a valid web address');
          else throw e;
        }
      }
      job.progress(++done, all.n, item.url);
    },
    job.signal,
  );

  const counts = urlImportStateCounts(db, importId);
  const n = (s: string) => counts.find((c) => c.state === s)?.n ?? 0;
  if (n('pending') === 0) writeTx(db, () => finishUrlImport(db, importId, Date.now()));
  const failed = failedUrlImportItems(db, importId);
  return { importId, resumed, total: all.n, saved: n('done'), duplicates: n('duplicate'), finishedEarlier, failed, classesCreated };
}
