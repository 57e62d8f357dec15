import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddFilesSummary, UrlImportSummary } from '../api/acquire.js';
import { MAX_UPLOAD_BYTES } from '../api/acquire.js';
import { LightboxError } from '../api/errors.js';
import { ADDED_DIR, addFiles, addOne } from '../dataset/addFiles.js';
import { localDate, safeStem } from '../dataset/fileNames.js';
import { prepareUrlImport, runUrlImport, URL_IMPORT_DEFAULTS } from '../dataset/urlImport.js';
import { STORE_DIR } from '../store/openStore.js';
import type { Handlers } from './handlers.js';
import { importHandlers } from './importService.js';
import type { Session } from './Session.js';

/** Options of one URL import, as the CLI and the dialog give them. */
export interface UrlImportRequest {
  text: string;
  allowPrivateNetwork?: boolean;
  concurrency?: number;
  timeoutSeconds?: number;
  maxBytes?: number;
}

/** Start (or resume) a URL import as a job. */
export function startUrlImport(session: Session, req: UrlImportRequest) {
  const ds = session.require();
  const allow = req.allowPrivateNetwork ?? false;
  const { importId, resumed } = prepareUrlImport(ds.db, req.text, allow);
  const job = session.jobs.start<UrlImportSummary>('acquire.importUrls', async (ctx) => {
    try {
      return await runUrlImport(
        ds.root,
        ds.db,
        importId,
        resumed,
        {
          allowPrivateNetwork: allow,
          concurrency: req.concurrency ?? URL_IMPORT_DEFAULTS.concurrency,
          timeoutMs: (req.timeoutSeconds ?? URL_IMPORT_DEFAULTS.timeoutMs / 1000) * 1000,
          maxBytes: req.maxBytes ?? URL_IMPORT_DEFAULTS.maxBytes,
          author: session.author(),
        },
        ctx,
      );
    } finally {
      session.emit('images.changed', {});
      session.emit('classes.changed', {});
    }
  });
  return { ...job, importId, resumed };
}

export function startAddFiles(session: Session, paths: string[]) {
  const ds = session.require();
  return session.jobs.start<AddFilesSummary>('acquire.addFiles', async (ctx) => {
    try {
      return await addFiles(ds.root, ds.db, paths, ctx);
    } finally {
      session.emit('images.changed', {});
    }
  });
}

/** Uploads in progress (browser host): id → its temporary file and the name it arrived with. */
interface Upload {
  file: string;
  name: string;
  received: number;
}
const uploads = new WeakMap<Session, Map<string, Upload>>();

function uploadsOf(session: Session): Map<string, Upload> {
  let m = uploads.get(session);
  if (!m) uploads.set(session, (m = new Map()));
  return m;
}

const MAX_OPEN_UPLOADS = 16;
const ABANDONED_MS = 24 * 60 * 60 * 1000;

/** Pieces of uploads a closed window never finished, left from an earlier day. */
function removeAbandoned(dir: string): void {
  for (const f of fs.readdirSync(dir)) {
    const file = path.join(dir, f);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > ABANDONED_MS) fs.rmSync(file, { force: true });
    } catch {
      // another process removed it
    }
  }
}

async function receiveUpload(session: Session, p: { uploadId?: string; name: string; dataBase64: string; last: boolean }) {
  const ds = session.require();
  const map = uploadsOf(session);
  let id = p.uploadId;
  let up: Upload | undefined;
  if (id === undefined) {
    id = randomBytes(16).toString('hex');
    // Outside the dataset, so a half-received file is never taken for one of its images.
    const dir = path.join(os.tmpdir(), 'lightbox-uploads');
    fs.mkdirSync(dir, { recursive: true });
    removeAbandoned(dir);
    // A window drops files one after another; more open uploads than this means some were abandoned.
    while (map.size >= MAX_OPEN_UPLOADS) {
      const [oldest, old] = map.entries().next().value as [string, Upload];
      map.delete(oldest);
      fs.rmSync(old.file, { force: true });
    }
    up = { file: path.join(dir, `${id}.part`), name: p.name, received: 0 };
    fs.writeFileSync(up.file, '');
    map.set(id, up);
  } else {
    up = map.get(id);
    if (!up) throw new LightboxError('NOT_FOUND', 'That upload is not in progress any more; drop the file again.');
  }
  const chunk = Buffer.from(p.dataBase64, 'base64');
  if (up.received + chunk.length > MAX_UPLOAD_BYTES) {
    map.delete(id);
    fs.rmSync(up.file, { force: true });
    throw new LightboxError('BAD_FILE', `"${p.name.slice(0, 100)}" is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, the most a browser window can add; add it from the desktop app or the folder instead.`);
  }
  fs.appendFileSync(up.file, chunk);
  up.received += chunk.length;
  if (!p.last) return { uploadId: id, received: up.received };
  map.delete(id);
  try {
    const ext = path.extname(up.name).toLowerCase();
    const stem = safeStem(ext ? up.name.slice(0, -ext.length) : up.name);
    // The temporary file carries the dropped name's extension, which the image check requires.
    const named = `${up.file}${ext}`;
    fs.renameSync(up.file, named);
    up.file = named;
    const realRoot = fs.realpathSync(ds.root);
    const outcome = await addOne(realRoot, path.join(realRoot, STORE_DIR), ds.db, {
      abs: named,
      target: `${ADDED_DIR}/${localDate()}/${stem}${ext}`,
      ref: up.name,
    });
    const result: AddFilesSummary = { copied: 0, inPlace: 0, duplicates: 0, skipped: [], imageIds: [] };
    if (outcome.kind === 'skipped') result.skipped.push({ path: up.name, reason: outcome.reason });
    else {
      result[outcome.kind]++;
      if (outcome.kind !== 'duplicates') result.imageIds.push(outcome.id);
      session.emit('images.changed', { ids: [outcome.id] });
    }
    return { uploadId: id, received: up.received, result };
  } finally {
    fs.rmSync(up.file, { force: true });
  }
}

export const acquireHandlers: Handlers<'acquire.importUrls' | 'acquire.importLabeled' | 'acquire.addFiles' | 'acquire.uploadFile'> = {
  'acquire.importUrls': (p, s) => {
    const { id, importId, resumed } = startUrlImport(s, p);
    return { jobId: id, importId, resumed };
  },
  ...importHandlers,
  'acquire.addFiles': ({ paths }, s) => ({ jobId: startAddFiles(s, paths).id }),
  'acquire.uploadFile': (p, s) => receiveUpload(s, p),
};
