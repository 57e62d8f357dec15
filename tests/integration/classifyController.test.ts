import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MethodName, Params, Result } from '../../src-main/api/index.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { ClassifyController, type CallApi } from '../../src-renderer/editor/classify/ClassifyController.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/** The renderer's controller wired straight to the real services on a real dataset folder. */
function direct(session: Session): CallApi {
  return { call: <M extends MethodName>(m: M, p: Params<M>) => dispatch(session, m, p) as Promise<Result<M>> };
}

async function dataset(n: number) {
  const t = tempDir();
  for (let i = 0; i < n; i++) await writeImage(path.join(t.dir, `img-${String(i).padStart(2, '0')}.png`), { color: `#${(i * 30).toString(16).padStart(2, '0')}4080` });
  const session = new Session({}, path.join(t.dir, '.home'));
  session.open(t.dir);
  await startScan(session, false).promise;
  const a = (await dispatch(session, 'classes.add', { name: 'cat' })) as { id: number };
  const b = (await dispatch(session, 'classes.add', { name: 'dog' })) as { id: number };
  return { ...t, session, cat: a.id, dog: b.id };
}

const tags = async (s: Session, id: number) => ((await dispatch(s, 'images.get', { id })) as { tags: number[] }).tags;

describe('keyboard labeling', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('single-label mode sets the class and advances; a second key replaces the label', async () => {
    const d = await dataset(3);
    cleanups.push(() => d.session.close(), d.cleanup);
    const c = new ClassifyController(direct(d.session));
    await c.load();
    const first = c.state.image!.id;
    await c.applyClass(d.cat);
    expect(c.state.index).toBe(1);
    expect(await tags(d.session, first)).toEqual([d.cat]);
    await c.prev();
    await c.applyClass(d.dog);
    expect(await tags(d.session, first)).toEqual([d.dog]);
    expect(c.state.pending).toBe(0);
  });

  it('"next" onto an image the filmstrip read shows it at once, and the store\'s row replaces it when it changed', async () => {
    const d = await dataset(3);
    cleanups.push(() => d.session.close(), d.cleanup);
    // The store's answers to images.get wait until the test lets them through.
    let hold: (() => void) | null = null;
    const api = direct(d.session);
    const c = new ClassifyController({
      call: async (m, p) => {
        if (m === 'images.get' && hold === null) await new Promise<void>((go) => (hold = go));
        return api.call(m, p);
      },
    });
    const loading = c.load();
    await vi.waitFor(() => expect(hold).not.toBeNull());
    hold!();
    await loading;
    const [, second, third] = c.state.ids;
    const rows = await Promise.all(c.state.ids.map((id) => api.call('images.get', { id })));
    c.know(rows);
    // Labeled elsewhere (the CLI) after the filmstrip read it.
    await dispatch(d.session, 'labels.set', { imageId: third!, classId: d.dog });
    hold = null;
    const moving = c.next();
    expect(c.state.image!.id).toBe(second); // shown before the store answered
    hold!();
    await moving;
    expect(c.state.image!.id).toBe(second);
    hold = null;
    const again = c.next();
    expect([c.state.image!.id, c.state.image!.tags]).toEqual([third, []]); // the filmstrip's row, read before the label
    hold!();
    await again;
    expect(c.state.image!.tags).toEqual([d.dog]); // the store's row
  });

  it('multi-label mode toggles tags and stays on the image', async () => {
    const d = await dataset(2);
    cleanups.push(() => d.session.close(), d.cleanup);
    const c = new ClassifyController(direct(d.session));
    await c.load();
    await c.setMode('multi');
    await c.applyClass(d.cat);
    await c.applyClass(d.dog);
    expect(c.state.index).toBe(0);
    expect(c.state.image!.tags).toEqual([d.cat, d.dog]);
    await c.applyClass(d.cat);
    expect(c.state.image!.tags).toEqual([d.dog]);
  });

  it('N jumps to the next image without a label; S skips; Enter marks done', async () => {
    const d = await dataset(4);
    cleanups.push(() => d.session.close(), d.cleanup);
    const c = new ClassifyController(direct(d.session));
    await c.load();
    await c.applyClass(d.cat); // image 0 labeled, now at 1
    await c.applyClass(d.cat); // image 1 labeled, now at 2
    await c.goto(0);
    await c.nextUnlabeled();
    expect(c.state.index).toBe(2);
    await c.setStatus('skipped');
    expect(c.state.index).toBe(3);
    await c.setStatus('done');
    const rows = (await dispatch(d.session, 'images.list', {})) as { items: { status: string }[] };
    // Labeling in single-label mode made images 0 and 1 done (the status model of issue 15).
    expect(rows.items.map((r) => r.status)).toEqual(['done', 'done', 'skipped', 'done']);
  });

  it('undoes and redoes set, clear and bulk actions, also after the store is reopened', async () => {
    const d = await dataset(3);
    cleanups.push(d.cleanup);
    const ids = ((await dispatch(d.session, 'images.ids', {})) as { ids: number[] }).ids;
    const c = new ClassifyController(direct(d.session));
    await c.load();
    await c.applyClass(d.cat); // set image 0
    await c.goto(0);
    await c.clear(); // clear image 0
    await dispatch(d.session, 'labels.bulkSet', { imageIds: ids, classId: d.dog }); // bulk
    expect(await tags(d.session, ids[2]!)).toEqual([d.dog]);

    await c.step('undo'); // undo bulk
    for (const id of ids) expect(await tags(d.session, id)).toEqual([]);
    await c.step('undo'); // undo clear
    expect(await tags(d.session, ids[0]!)).toEqual([d.cat]);

    // Close the dataset and open it again, as after a restart: the history is in the store.
    d.session.close();
    const again = new Session({}, path.join(d.dir, '.home'));
    again.open(d.dir);
    cleanups.unshift(() => again.close());
    const c2 = new ClassifyController(direct(again));
    await c2.load();
    await c2.step('undo'); // undo set
    expect(await tags(again, ids[0]!)).toEqual([]);
    await c2.step('undo');
    expect(c2.state.message?.key).toBe('workspace.nothingToUndo');
    await c2.step('redo'); // redo set
    await c2.step('redo'); // redo clear
    await c2.step('redo'); // redo bulk
    expect(await tags(again, ids[0]!)).toEqual([d.dog]);
    expect(await tags(again, ids[1]!)).toEqual([d.dog]);
    await c2.step('redo');
    expect(c2.state.message?.key).toBe('workspace.nothingToRedo');
  });

  it('a new command after undo drops the redo branch', async () => {
    const d = await dataset(2);
    cleanups.push(() => d.session.close(), d.cleanup);
    const c = new ClassifyController(direct(d.session));
    await c.load();
    const first = c.state.image!.id;
    await c.applyClass(d.cat);
    await c.step('undo');
    await c.goto(0);
    await c.applyClass(d.dog);
    await c.step('redo');
    expect(c.state.message?.key).toBe('workspace.nothingToRedo');
    expect(await tags(d.session, first)).toEqual([d.dog]);
  });
});
