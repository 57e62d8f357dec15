import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, userVersion } from '../../src-main/store/migrate.js';
import { latestVersion, migrations } from '../../src-main/store/migrations/index.js';
import { openStore, storePath } from '../../src-main/store/openStore.js';
import { tempDir } from '../helpers/tempDataset.js';

type Db = Database.Database;

function tables(db: Db): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
}

/**
 * Rows a store at each version can hold, written with the columns that version had. The check runs
 * after the upgrade to the latest version: everything written at the older version is still there.
 */
const seeds: Record<number, { write: (db: Db) => void; check: (db: Db) => void }> = {
  10: {
    write: (db) => {
      db.prepare(
        `INSERT INTO images (id, path, sha256, bytes, width, height, orientation, format, mtime, status, split, error, added_at, updated_at)
         VALUES (1, 'cats/中文 é.jpg', 'abc', 1234, 48, 64, 6, 'jpeg', 1700000000000, 'done', 'train', NULL, 1, 2),
                (2, 'broken.png', 'def', 10, NULL, NULL, NULL, NULL, 5, 'todo', NULL, 'file is truncated or damaged', 3, 4)`,
      ).run();
    },
    check: (db) => {
      const rows = db.prepare('SELECT id, path, width, height, orientation, status, split, error FROM images WHERE id IN (1, 2) ORDER BY id').all();
      expect(rows).toEqual([
        { id: 1, path: 'cats/中文 é.jpg', width: 48, height: 64, orientation: 6, status: 'done', split: 'train', error: null },
        { id: 2, path: 'broken.png', width: null, height: null, orientation: null, status: 'todo', split: null, error: 'file is truncated or damaged' },
      ]);
    },
  },
  20: {
    write: (db) => {
      db.prepare(`INSERT INTO classes (id, name, color, hotkey, ord, created_at) VALUES (7, 'cat', '#1f77b4', '1', 0, 1), (8, 'dog', '#ff7f0e', '2', 1, 1)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT id, name, hotkey FROM classes ORDER BY id').all()).toEqual([
        { id: 7, name: 'cat', hotkey: '1' },
        { id: 8, name: 'dog', hotkey: '2' },
      ]);
    },
  },
  30: {
    write: (db) => {
      // (A store from before 100 has no note column: the rows come back with note NULL.)
      db.prepare(`INSERT INTO annotations (image_id, class_id, kind, author, created_at, updated_at) VALUES (1, 7, 'tag', 'ann', 1, 1)`).run();
      db.prepare(`INSERT INTO annotations (image_id, class_id, kind, geometry, created_at, updated_at) VALUES (1, 8, 'box', '{"x":1,"y":2,"w":3,"h":4}', 1, 1)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT image_id, class_id, kind, geometry FROM annotations ORDER BY id').all()).toEqual([
        { image_id: 1, class_id: 7, kind: 'tag', geometry: null },
        { image_id: 1, class_id: 8, kind: 'box', geometry: '{"x":1,"y":2,"w":3,"h":4}' },
      ]);
    },
  },
  40: {
    write: (db) => {
      db.prepare(`INSERT INTO history (kind, payload, author, created_at) VALUES ('labels.set', '{"changes":[]}', 'ann', 1)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT kind, payload, state FROM history').all()).toEqual([{ kind: 'labels.set', payload: '{"changes":[]}', state: 'done' }]);
    },
  },
  50: {
    write: (db) => {
      db.prepare(`INSERT INTO settings (key, value) VALUES ('labelMode', '"multi"')`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT key, value FROM settings').all()).toEqual([{ key: 'labelMode', value: '"multi"' }]);
    },
  },
  70: {
    write: (db) => {
      db.prepare(`INSERT INTO url_imports (id, list_sha256, allow_private, created_at, updated_at) VALUES (3, 'abc', 1, 1, 2)`).run();
      db.prepare(`INSERT INTO url_import_items (import_id, line, url, label, state, image_id) VALUES (3, 1, 'https://example.com/a.jpg', 'cat', 'done', 1)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT id, list_sha256, allow_private, state FROM url_imports').all()).toEqual([{ id: 3, list_sha256: 'abc', allow_private: 1, state: 'running' }]);
      expect(db.prepare('SELECT import_id, line, url, label, state, image_id FROM url_import_items').all()).toEqual([
        { import_id: 3, line: 1, url: 'https://example.com/a.jpg', label: 'cat', state: 'done', image_id: 1 },
      ]);
    },
  },
  80: {
    write: (db) => {
      db.prepare(`INSERT INTO imports (id, format, source_sha256, source, state, created_at, finished_at) VALUES (5, 'coco', 'abc', '/data/ann.json', 'done', 1, 2)`).run();
      db.prepare(`UPDATE annotations SET import_id = 5, import_ref = 'ann.json: annotation id 1' WHERE kind = 'box'`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT id, format, source_sha256, state, finished_at FROM imports').all()).toEqual([{ id: 5, format: 'coco', source_sha256: 'abc', state: 'done', finished_at: 2 }]);
      expect(db.prepare('SELECT import_id, import_ref FROM annotations WHERE import_id IS NOT NULL').all()).toEqual([{ import_id: 5, import_ref: 'ann.json: annotation id 1' }]);
      // An import writes each entry of its source once.
      expect(() =>
        db.prepare(`INSERT INTO annotations (image_id, class_id, kind, geometry, created_at, updated_at, import_id, import_ref) VALUES (1, 8, 'box', '{}', 1, 1, 5, 'ann.json: annotation id 1')`).run(),
      ).toThrow(/UNIQUE/);
    },
  },
  100: {
    write: (db) => {
      db.prepare(`UPDATE annotations SET note = ? WHERE kind = 'box'`).run('first line\nsecond');
      expect(() => db.prepare(`UPDATE annotations SET note = ? WHERE kind = 'box'`).run('x'.repeat(2001))).toThrow(/CHECK/);
    },
    check: (db) => {
      expect(db.prepare(`SELECT kind, note FROM annotations ORDER BY id`).all()).toEqual([
        { kind: 'tag', note: null },
        { kind: 'box', note: 'first line\nsecond' },
      ]);
    },
  },
  110: {
    write: (db) => {
      // Frames 1 and 2 of one multi-frame DICOM file, with what the file says about their values.
      db.prepare(
        `INSERT INTO images (id, path, frame, sha256, bytes, width, height, orientation, format, mtime, added_at, updated_at)
         VALUES (20, 'ct/IM0001#1', 1, 'f00', 99, 512, 512, 1, 'dicom', 5, 1, 1), (21, 'ct/IM0001#2', 2, 'f00', 99, 512, 512, 1, 'dicom', 5, 1, 1)`,
      ).run();
      db.prepare(
        `INSERT INTO image_meta (image_id, modality, rescale_slope, rescale_intercept, window_center, window_width, spacing_row, spacing_col, spacing_source, frames)
         VALUES (21, 'CT', 1, -1024, 40, 400, 0.7, 0.8, 'PixelSpacing', 2)`,
      ).run();
    },
    check: (db) => {
      expect(db.prepare(`SELECT id, path, frame FROM images WHERE format = 'dicom' ORDER BY id`).all()).toEqual([
        { id: 20, path: 'ct/IM0001#1', frame: 1 },
        { id: 21, path: 'ct/IM0001#2', frame: 2 },
      ]);
      expect(db.prepare('SELECT image_id, rescale_intercept, spacing_col, spacing_source FROM image_meta').all()).toEqual([
        { image_id: 21, rescale_intercept: -1024, spacing_col: 0.8, spacing_source: 'PixelSpacing' },
      ]);
      // Rows written before frames existed are whole files; removing an image removes its metadata.
      expect(db.prepare(`SELECT COUNT(*) AS n FROM images WHERE frame IS NOT NULL AND format IS NOT 'dicom'`).get()).toEqual({ n: 0 });
      db.prepare('DELETE FROM images WHERE id = 21').run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM image_meta').get()).toEqual({ n: 0 });
      expect(() => db.prepare(`INSERT INTO image_meta (image_id, spacing_source) VALUES (20, 'Guess')`).run()).toThrow(/CHECK/);
    },
  },
  120: {
    write: (db) => {
      db.prepare(`INSERT INTO images (id, path, sha256, bytes, status, added_at, updated_at) VALUES (40, 'later.png', 'a40', 1, 'skipped', 1, 1)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT status FROM images WHERE id = 40').get()).toEqual({ status: 'skipped' });
    },
  },
  130: {
    write: (db) => {
      db.prepare(
        `INSERT INTO suggestions (image_id, model_id, model_name, kind, class_id, score, x, y, w, h, created_at)
         VALUES (1, 'sha-a', 'boxes.onnx', 'box', 8, 0.75, 1, 2, 3, 4, 5), (1, 'sha-b', 'tags.onnx', 'class', 7, 0.5, NULL, NULL, NULL, NULL, 5)`,
      ).run();
      db.prepare(`INSERT INTO predictions (image_id, model_id, kind, top_class_id, top_score, margin, created_at) VALUES (1, 'sha-b', 'class', 7, 0.5, 0.1, 5)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT kind, class_id, score, w, state FROM suggestions ORDER BY id').all()).toEqual([
        { kind: 'box', class_id: 8, score: 0.75, w: 3, state: 'pending' },
        { kind: 'class', class_id: 7, score: 0.5, w: null, state: 'pending' },
      ]);
      // A box suggestion has its box, a class suggestion none; scores are probabilities.
      expect(() => db.prepare(`INSERT INTO suggestions (image_id, model_id, model_name, kind, class_id, score, created_at) VALUES (1, 'm', 'm', 'box', 8, 0.5, 1)`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO suggestions (image_id, model_id, model_name, kind, class_id, score, created_at) VALUES (1, 'm', 'm', 'class', 8, 1.5, 1)`).run()).toThrow(/CHECK/);
      expect(db.prepare('SELECT top_class_id, margin FROM predictions').all()).toEqual([{ top_class_id: 7, margin: 0.1 }]);
    },
  },
  140: {
    write: (db) => {
      db.prepare('INSERT INTO deid_secret (id, secret, created_at) VALUES (1, ?, 1)').run(Buffer.alloc(32, 7));
    },
    check: (db) => {
      // Classes written before redaction existed (the seed of 20) are ordinary label classes.
      expect(db.prepare('SELECT id, redact FROM classes WHERE id = 7').get()).toEqual({ id: 7, redact: 0 });
      expect(() => db.prepare('UPDATE classes SET redact = 2 WHERE id = 7').run()).toThrow(/CHECK/);
      expect(db.prepare('SELECT secret FROM deid_secret').get()).toEqual({ secret: Buffer.alloc(32, 7) });
      // One secret per dataset, of 32 bytes.
      expect(() => db.prepare('INSERT INTO deid_secret (id, secret, created_at) VALUES (2, ?, 1)').run(Buffer.alloc(32))).toThrow(/CHECK/);
      expect(() => db.prepare('INSERT INTO deid_secret (id, secret, created_at) VALUES (1, ?, 1)').run(Buffer.alloc(32))).toThrow(/UNIQUE|PRIMARY/);
    },
  },
  150: {
    write: (db) => {
      db.prepare(`INSERT INTO images (id, path, sha256, bytes, added_at, updated_at) VALUES (50, 'shared.png', 'a50', 1, 1, 1)`).run();
      db.prepare(`INSERT INTO team_assignments (id, annotator, created_at) VALUES ('as-1', 'ana', 1)`).run();
      db.prepare(`INSERT INTO team_assignment_images (assignment_id, image_id, copy_sha256, source_sha256) VALUES ('as-1', 50, 'c50', 'a50')`).run();
      db.prepare(
        `INSERT INTO team_answers (content_sha256, assignment_id, annotator, image_id, class_id, kind, answered_at) VALUES ('r1', 'as-1', 'ana', 50, 7, 'tag', 2)`,
      ).run();
      db.prepare(`INSERT INTO team_image_state (image_id, state, updated_at) VALUES (50, 'single', 2)`).run();
    },
    check: (db) => {
      expect(db.prepare('SELECT annotator, class_id FROM team_answers WHERE image_id = 50').all()).toEqual([{ annotator: 'ana', class_id: 7 }]);
      expect(() => db.prepare(`INSERT INTO team_image_state (image_id, state, updated_at) VALUES (50, 'maybe', 3)`).run()).toThrow(/CHECK|UNIQUE/);
      // Removing the image removes what the teams tables knew of it.
      db.prepare('DELETE FROM images WHERE id = 50').run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM team_answers').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM team_assignment_images').get()).toEqual({ n: 0 });
    },
  },
  160: {
    write: (db) => {
      db.prepare(`INSERT INTO rulers (id, image_id, x1, y1, x2, y2, author, created_at) VALUES (3, 40, 1.5, 2, 11.5, 2, 'ana', 9)`).run();
      expect(() => db.prepare(`INSERT INTO rulers (image_id, x1, y1, x2, y2, created_at, deleted) VALUES (40, 0, 0, 1, 1, 1, 2)`).run()).toThrow(/CHECK/);
    },
    check: (db) => {
      expect(db.prepare('SELECT image_id AS imageId, x1, x2, deleted FROM rulers WHERE id = 3').get()).toEqual({ imageId: 40, x1: 1.5, x2: 11.5, deleted: 0 });
    },
  },
  170: {
    write: (db) => {
      db.prepare(`INSERT INTO image_series (image_id, sha256, mtime, series_key) VALUES (40, 'h40', 5, 'k1')`).run();
      expect(() => db.prepare(`INSERT INTO image_series (image_id, sha256, mtime, series_key) VALUES (40, 'x', 1, 'k2')`).run()).toThrow(/UNIQUE|PRIMARY/);
    },
    check: (db) => {
      expect(db.prepare('SELECT sha256, mtime, series_key AS key FROM image_series WHERE image_id = 40').get()).toEqual({ sha256: 'h40', mtime: 5, key: 'k1' });
    },
  },
  220: {
    write: (db) => {
      db.prepare(`INSERT INTO model_label_map (model_id, label, class_id, updated_at) VALUES ('sha-a', 'kitty', 7, 1), ('sha-a', 'lamp', NULL, 1)`).run();
      expect(() => db.prepare(`INSERT INTO model_label_map (model_id, label, class_id, updated_at) VALUES ('sha-a', '', 7, 1)`).run()).toThrow(/CHECK/);
    },
    check: (db) => {
      expect(db.prepare('SELECT label, class_id FROM model_label_map ORDER BY label').all()).toEqual([
        { label: 'kitty', class_id: 7 },
        { label: 'lamp', class_id: null },
      ]);
      // One decision per label of a model; removing the class forgets the mapping onto it.
      expect(() => db.prepare(`INSERT INTO model_label_map (model_id, label, class_id, updated_at) VALUES ('sha-a', 'kitty', NULL, 2)`).run()).toThrow(/UNIQUE|PRIMARY/);
      db.prepare('DELETE FROM model_label_map WHERE class_id IS NULL').run();
      db.prepare(`INSERT INTO classes (id, name, color, ord, created_at) VALUES (90, 'gone', '#000000', 90, 1)`).run();
      db.prepare(`INSERT INTO model_label_map (model_id, label, class_id, updated_at) VALUES ('sha-a', 'ghost', 90, 1)`).run();
      db.prepare('DELETE FROM classes WHERE id = 90').run();
      expect(db.prepare('SELECT label FROM model_label_map').all()).toEqual([{ label: 'kitty' }]);
    },
  },
};

describe('store migrations', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('has seed data for every migration, so a new migration needs a test here', () => {
    expect(migrations.map((m) => m.version).sort((a, b) => a - b)).toEqual(Object.keys(seeds).map(Number));
  });

  it('migrates an empty store to the latest version with every table', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: latestVersion });
    expect(userVersion(db)).toBe(latestVersion);
    expect(tables(db)).toEqual(['annotations', 'classes', 'deid_secret', 'history', 'image_meta', 'image_series', 'images', 'imports', 'model_label_map', 'predictions', 'rulers', 'settings', 'suggestions', 'team_answers', 'team_assignment_images', 'team_assignments', 'team_image_state', 'team_results', 'team_reviews', 'team_task', 'team_task_images', 'url_import_items', 'url_imports']);
    // Running again is a no-op.
    expect(migrate(db)).toEqual({ from: latestVersion, to: latestVersion });
    db.close();
  });

  for (const m of migrations) {
    it(`upgrades a store at version ${m.version} (${m.name}) to the latest and keeps its data`, () => {
      const db = new Database(':memory:');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations, m.version);
      expect(userVersion(db)).toBe(m.version);
      for (const v of Object.keys(seeds).map(Number)) if (v <= m.version) seeds[v]!.write(db);
      const result = migrate(db);
      expect(result).toEqual({ from: m.version, to: latestVersion });
      for (const v of Object.keys(seeds).map(Number)) if (v <= m.version) seeds[v]!.check(db);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('80 (labeled-done): a labeled to-do image becomes done in single-label mode, and an unreadable file loses its split', () => {
    for (const mode of ['single', 'multi', null] as const) {
      const db = new Database(':memory:');
      migrate(db, migrations, 70);
      if (mode) db.prepare(`INSERT INTO settings (key, value) VALUES ('labelMode', ?)`).run(JSON.stringify(mode));
      db.prepare(`INSERT INTO classes (id, name, color, ord, created_at) VALUES (7, 'cat', '#1f77b4', 0, 1)`).run();
      db.prepare(
        `INSERT INTO images (id, path, sha256, bytes, width, height, format, mtime, status, split, error, added_at, updated_at)
         VALUES (30, 'tagged.png', 'a30', 1, 4, 4, 'png', 1, 'todo', NULL, NULL, 1, 1),
                (31, 'plain.png', 'a31', 1, 4, 4, 'png', 1, 'todo', NULL, NULL, 1, 1),
                (32, 'bad.jpg', 'a32', 1, NULL, NULL, NULL, 1, 'todo', 'train', 'not an image', 1, 1),
                (33, 'skipped.png', 'a33', 1, 4, 4, 'png', 1, 'skipped', NULL, NULL, 1, 1)`,
      ).run();
      db.prepare(`INSERT INTO annotations (image_id, class_id, kind, author, created_at, updated_at) VALUES (30, 7, 'tag', 'a', 1, 1), (32, 7, 'tag', 'a', 1, 1), (33, 7, 'tag', 'a', 1, 1)`).run();
      migrate(db);
      const single = mode !== 'multi';
      expect(db.prepare('SELECT id, status, split FROM images ORDER BY id').all(), String(mode)).toEqual([
        { id: 30, status: single ? 'done' : 'todo', split: null },
        { id: 31, status: 'todo', split: null },
        { id: 32, status: 'todo', split: null },
        { id: 33, status: 'skipped', split: null },
      ]);
      db.close();
    }
  });

  it('rolls a failing migration back whole, leaving the store at its old version', () => {
    const db = new Database(':memory:');
    migrate(db, migrations, 20);
    const broken = [...migrations, { version: latestVersion + 10, name: 'broken', sql: 'CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1);' }];
    // `target` above latestVersion is allowed for the list given; the bad statement aborts it all.
    expect(() => migrate(db, broken, latestVersion + 10)).toThrow();
    expect(userVersion(db)).toBe(20);
    expect(tables(db)).toEqual(['classes', 'images']);
    db.close();
  });

  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout when a dataset store opens', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const db = openStore(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(userVersion(db)).toBe(latestVersion);
    db.close();
    expect(fs.existsSync(storePath(dir))).toBe(true);
  });

  it('refuses a store written by a newer Lightbox with STORE_TOO_NEW and leaves it byte for byte as it was', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    fs.mkdirSync(path.join(dir, '.lightbox'));
    const file = storePath(dir);
    // A future store in rollback-journal mode: opening it must not even switch it to WAL.
    const future = new Database(file);
    future.exec(`CREATE TABLE future_things (x TEXT); INSERT INTO future_things VALUES ('keep me');`);
    future.pragma(`user_version = ${latestVersion + 1000}`);
    future.close();
    const before = createHash('sha256').update(fs.readFileSync(file)).digest('hex');

    let caught: unknown;
    try {
      openStore(dir);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'STORE_TOO_NEW' });
    expect((caught as Error).message).toMatch(/newer version of Lightbox Studio/);

    expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
    const again = new Database(file, { readonly: true });
    expect(userVersion(again)).toBe(latestVersion + 1000);
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(again.prepare('SELECT x FROM future_things').all()).toEqual([{ x: 'keep me' }]);
    again.close();
  });
});
