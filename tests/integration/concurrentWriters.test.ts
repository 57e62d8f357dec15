import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { openStore } from '../../src-main/store/openStore.js';
import { bundleChild, collectStderr, exited, forkChild, onLines } from '../helpers/childProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

const IMAGES = 200;

describe('two programs labeling one dataset at the same time', () => {
  let child: { file: string; remove: () => void };
  beforeAll(async () => {
    child = await bundleChild('tests/helpers/children/concurrentLabeler.ts');
  });
  afterAll(() => child?.remove());

  it('loses no label: each adds its class to every image, and every image ends with both', async () => {
    const { dir, cleanup } = tempDir();
    try {
      for (let i = 0; i < IMAGES; i++) await writeImage(path.join(dir, `img${String(i).padStart(3, '0')}.png`), { width: 8, height: 8, color: `#00${(i % 256).toString(16).padStart(2, '0')}00` });
      const s = new Session({}, path.join(dir, '.home'));
      await dispatch(s, 'datasets.open', { path: dir });
      const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
      await s.jobs.wait(jobId);
      // Multi-label mode: a label adds to the image's tags, so a lost update shows as a missing tag.
      await dispatch(s, 'labels.setMode', { mode: 'multi' });
      const a = (await dispatch(s, 'classes.add', { name: 'a' })) as { id: number };
      const b = (await dispatch(s, 'classes.add', { name: 'b' })) as { id: number };
      const { ids } = (await dispatch(s, 'images.ids', {})) as { ids: number[] };
      expect(ids).toHaveLength(IMAGES);
      s.close();

      const home = path.join(dir, '.home');
      // One labels in list order, the other in reverse, so they keep meeting on the same images.
      const writers = [
        forkChild(child.file, [dir, home, String(a.id), ...ids.map(String)]),
        forkChild(child.file, [dir, home, String(b.id), ...[...ids].reverse().map(String)]),
      ];
      const stderr = writers.map(collectStderr);
      const reports: string[] = [];
      for (const w of writers) onLines(w, (l) => reports.push(l));
      await Promise.all(writers.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve()))));
      for (const w of writers) w.send('go');
      const codes = await Promise.all(writers.map(exited));
      expect(codes, stderr.map((e) => e()).join('\n')).toEqual([0, 0]);
      expect(reports.sort()).toEqual([`done ${IMAGES}`, `done ${IMAGES}`]);

      const db = openStore(dir);
      try {
        const rows = db
          .prepare(`SELECT image_id, group_concat(class_id) AS tags FROM (SELECT image_id, class_id FROM annotations WHERE kind = 'tag' AND deleted = 0 ORDER BY class_id) GROUP BY image_id`)
          .all() as { image_id: number; tags: string }[];
        expect(rows).toHaveLength(IMAGES);
        for (const r of rows) expect(r.tags).toBe(`${a.id},${b.id}`);
        // Each label is its own undoable command: 2 × IMAGES commands, none lost.
        expect((db.prepare(`SELECT COUNT(*) AS n FROM history WHERE kind = 'labels.set'`).get() as { n: number }).n).toBe(2 * IMAGES);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    } finally {
      cleanup();
    }
  });
});
