// The program the crash harness kills. It runs the production code (Session, dispatch, the store,
// the scan, the web host) and reports on stdout, one line per event. stdout is a pipe, which Node
// writes synchronously on Linux: a line is in the parent's hands before the next statement runs.
//
//   labels ROOT HOME START CKPT_EVERY   perform planned label ops from START; "ack N" after each commit;
//                                       with CKPT_EVERY > 0 no auto-checkpoint, and every CKPT_EVERY ops
//                                       "ckpt-start", PRAGMA wal_checkpoint(TRUNCATE), "ckpt-end"
//   migrate ROOT                        "opening", open (create or upgrade) the store, "opened"
//   scan ROOT HOME                      "scanning", scan with thumbnails, "scanned"
//   web ROOT HOME RENDERER TOKEN        serve the dataset; "listening PORT"
//   import ROOT HOME FORMAT FROM        "importing", acquire.importLabeled to the end, "imported"
//   export ROOT HOME FORMAT OUT [overwrite]  "exporting", run exports.run to the end, "exported"
import fs from 'node:fs';
import type { ClassRow } from '../../../src-main/api/classes.js';
import { startWebHost } from '../../../src-main/host/web/webHost.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { Session } from '../../../src-main/services/Session.js';
import { openStore } from '../../../src-main/store/openStore.js';
import { opCall, planLabelOps } from '../crashPlan.js';

const say = (line: string) => fs.writeSync(1, `${line}\n`);

async function idsInNameOrder(s: Session): Promise<{ imageIds: number[]; classIds: number[] }> {
  const { ids } = (await dispatch(s, 'images.ids', { sort: 'name' })) as { ids: number[] };
  const classes = (await dispatch(s, 'classes.list', {})) as ClassRow[];
  const classIds = [...classes].sort((a, b) => (a.name < b.name ? -1 : 1)).map((c) => c.id);
  return { imageIds: ids, classIds };
}

async function labels(root: string, home: string, start: number, ckptEvery: number): Promise<void> {
  const s = new Session({}, home);
  await dispatch(s, 'datasets.open', { path: root });
  const { imageIds, classIds } = await idsInNameOrder(s);
  const ops = planLabelOps(imageIds.length, classIds.length);
  const db = s.require().db;
  if (ckptEvery > 0) db.pragma('wal_autocheckpoint = 0'); // let the WAL grow so checkpoints have work
  say('ready');
  for (let k = start; k < ops.length; k++) {
    const { method, params } = opCall(ops[k]!, imageIds, classIds);
    await dispatch(s, method, params);
    say(`ack ${k}`);
    if (ckptEvery > 0 && (k + 1) % ckptEvery === 0) {
      say('ckpt-start');
      db.pragma('wal_checkpoint(TRUNCATE)');
      say('ckpt-end');
    }
  }
  say('exhausted');
}

function migrate(root: string): void {
  say('opening');
  const db = openStore(root);
  say('opened');
  db.close();
}

async function scan(root: string, home: string): Promise<void> {
  const s = new Session({}, home);
  await dispatch(s, 'datasets.open', { path: root });
  say('scanning');
  const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
  await s.jobs.wait(jobId);
  say('scanned');
  s.close();
}

async function exportTo(root: string, home: string, format: string, out: string, overwrite: boolean): Promise<void> {
  const s = new Session({}, home);
  await dispatch(s, 'datasets.open', { path: root });
  say('exporting');
  const { jobId } = (await dispatch(s, 'exports.run', { format, out, overwrite })) as { jobId: string };
  await s.jobs.wait(jobId);
  say('exported');
  s.close();
}

async function importFrom(root: string, home: string, format: string, from: string): Promise<void> {
  const s = new Session({}, home);
  await dispatch(s, 'datasets.open', { path: root });
  say('importing');
  const { jobId } = (await dispatch(s, 'acquire.importLabeled', { format, from })) as { jobId: string };
  await s.jobs.wait(jobId);
  say('imported');
  s.close();
}

async function web(root: string, home: string, rendererDir: string, token: string): Promise<void> {
  const s = new Session({}, home);
  await dispatch(s, 'datasets.open', { path: root });
  const host = await startWebHost(s, { rendererDir, token });
  say(`listening ${host.port}`);
  await new Promise(() => undefined); // serve until killed
}

const [mode, ...a] = process.argv.slice(2);
const run: Record<string, () => Promise<void> | void> = {
  labels: () => labels(a[0]!, a[1]!, Number(a[2]), Number(a[3])),
  migrate: () => migrate(a[0]!),
  scan: () => scan(a[0]!, a[1]!),
  web: () => web(a[0]!, a[1]!, a[2]!, a[3]!),
  import: () => importFrom(a[0]!, a[1]!, a[2]!, a[3]!),
  export: () => exportTo(a[0]!, a[1]!, a[2]!, a[3]!, a[4] === 'overwrite'),
};
Promise.resolve()
  .then(() => run[mode!]!())
  .then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
