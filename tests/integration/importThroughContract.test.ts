import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary, RegionList } from '../../src-main/api/index.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

describe('importing a labeled dataset from the app (acquire.importLabeled)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  async function dataset(files: string[]) {
    const t = tempDir();
    cleanups.push(t.cleanup);
    for (const f of files) await writeImage(path.join(t.dir, f), { width: 80, height: 60 });
    const session = new Session({}, path.join(t.dir, '.home'));
    cleanups.unshift(() => session.close());
    session.open(t.dir);
    await startScan(session, false).promise;
    return { dir: t.dir, session };
  }

  it('reads region formats too: a COCO export of one dataset brings its boxes into another', async () => {
    const a = await dataset(['cat.png']);
    const cat = (await dispatch(a.session, 'classes.add', { name: 'cat' })) as { id: number };
    const [imageId] = ((await dispatch(a.session, 'images.ids', {})) as { ids: number[] }).ids;
    await dispatch(a.session, 'annotations.create', { imageId: imageId!, classId: cat.id, shape: { kind: 'box', x: 10, y: 5, w: 30, h: 20 } });
    const outDir = tempDir();
    cleanups.push(outDir.cleanup);
    const out = path.join(outDir.dir, 'coco');
    const { jobId: exportJob } = (await dispatch(a.session, 'exports.run', { format: 'coco', out })) as { jobId: string };
    await a.session.jobs.wait(exportJob);

    const b = await dataset([]);
    const { jobId } = (await dispatch(b.session, 'acquire.importLabeled', { format: 'coco', from: out })) as { jobId: string };
    const summary = (await b.session.jobs.wait(jobId)) as ImportSummary;
    expect(summary.imported).toBe(1);
    expect(summary.classesCreated).toEqual(['cat']);
    const [imported] = ((await dispatch(b.session, 'images.ids', {})) as { ids: number[] }).ids;
    const { regions } = (await dispatch(b.session, 'annotations.list', { imageId: imported! })) as RegionList;
    expect(regions.map((r) => r.shape)).toEqual([{ kind: 'box', x: 10, y: 5, w: 30, h: 20 }]);
  });

  it('refuses a format it does not know with BAD_PARAMS', async () => {
    const b = await dataset([]);
    await expect(dispatch(b.session, 'acquire.importLabeled', { format: 'pascal', from: b.dir })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
  });
});
