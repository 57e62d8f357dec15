import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { openStore, storePath, writeTx } from '../../src-main/store/openStore.js';
import { bundleCli, repoRoot } from '../helpers/childProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * Someone hands over a dataset whose label store is damaged, or is not a Lightbox store at all.
 * Every command says so in one line (exit status 1, the BAD_FILE message) and writes nothing:
 * the store's bytes are the same afterwards, whichever command was run.
 */

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

let cli: string;
beforeAll(async () => {
  cli = await bundleCli();
});

/** A labeled dataset of two images, its store closed (everything checkpointed into the file). */
async function labeledDataset(): Promise<string> {
  const { dir, cleanup } = tempDir('lightbox-damaged-');
  cleanups.push(cleanup);
  await writeImage(path.join(dir, 'a.png'), { color: '#ff0000', format: 'png' });
  await writeImage(path.join(dir, 'b.png'), { color: '#00ff00', format: 'png' });
  const s = new Session({}, path.join(dir, '.home'));
  await dispatch(s, 'datasets.open', { path: dir });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  const { id: classId } = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
  const { ids } = (await dispatch(s, 'images.ids', {})) as { ids: number[] };
  await dispatch(s, 'labels.set', { imageId: ids[0]!, classId });
  s.close();
  return dir;
}

/** Overwrite the page holding `table`'s rows (its b-tree root), as a bad sector or a bad copy would. */
function corruptTablePage(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = ?`).get(table) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const b = fs.readFileSync(file);
  b.fill(0xab, (rootpage - 1) * pageSize, rootpage * pageSize - 100);
  fs.writeFileSync(file, b);
}

const damage: Record<string, (file: string) => void> = {
  'random bytes': (f) => fs.writeFileSync(f, randomBytes(fs.statSync(f).size)),
  'cut short': (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2) + 100),
  'another program’s SQLite database': (f) => {
    fs.rmSync(f);
    const db = new Database(f);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'mine\')');
    db.close();
  },
  'the images table’s page overwritten': (f) => corruptTablePage(f, 'images'),
  'the labels’ page overwritten': (f) => corruptTablePage(f, 'annotations'),
};

const commands: [string, (dir: string, out: string) => string[]][] = [
  ['stats', (d) => ['stats', d]],
  ['label', (d) => ['label', d, 'b.png', '--class', 'cat']],
  ['scan', (d) => ['scan', d]],
  ['classes list', (d) => ['classes', d, 'list']],
  ['classes add', (d) => ['classes', d, 'add', 'dog']],
  ['export', (d, out) => ['export', d, '--format', 'csv', '--out', out]],
];

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('lightbox commands on a damaged label store', () => {
  for (const [kind, make] of Object.entries(damage)) {
    it(`${kind}: every command says so in one line, exits 1 and writes nothing`, async () => {
      const dir = await labeledDataset();
      const file = storePath(dir);
      make(file);
      const before = sha(file);
      const results: string[] = [];
      for (const [name, args] of commands) {
        const out = path.join(dir, '..', `${path.basename(dir)}-export`);
        const r = spawnSync(process.execPath, [cli, ...args(dir, out)], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') } });
        const lines = r.stderr.trim().split('\n');
        results.push(`${name}: exit ${r.status}, ${lines.length} line(s): ${lines[0]}`);
        expect(r.status, results.at(-1)).toBe(1);
        expect(lines, results.at(-1)).toHaveLength(1);
        expect(lines[0], results.at(-1)).toMatch(/^lightbox [a-z]+: The label store .*labels\.sqlite (is damaged|is a database of another program).*Restore it from a backup or move it aside/);
        expect(sha(file), `${name} changed the store`).toBe(before);
        expect(fs.existsSync(out), `${name} exported`).toBe(false);
      }
    });
  }
});

describe('a store too large for the full check at open, damaged where a write goes', () => {
  it('refuses that write with the BAD_FILE message, and every write after it, leaving the file as it was', async () => {
    const dir = await labeledDataset();
    const file = storePath(dir);
    corruptTablePage(file, 'annotations');
    const before = sha(file);
    const db = openStore(dir, { quickCheckMaxBytes: 0 });
    try {
      const tag = () => writeTx(db, () => db.prepare(`INSERT INTO annotations (image_id, class_id, kind, created_at, updated_at) VALUES (2, 1, 'tag', 0, 0)`).run());
      expect(tag).toThrow(expect.objectContaining({ code: 'BAD_FILE', message: expect.stringMatching(/is damaged/) }));
      // A write to an undamaged table is refused too: writing on into a damaged store can spread the damage.
      expect(() => writeTx(db, () => db.prepare(`INSERT INTO settings (key, value) VALUES ('k', '1')`).run())).toThrow(
        expect.objectContaining({ code: 'BAD_FILE' }),
      );
    } finally {
      db.close();
    }
    expect(sha(file)).toBe(before);
  });
});
