import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { openTempDataset } from '../helpers/tempSession.js';

describe('camera capture in the back end', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  const open = () => openTempDataset(cleanups);

  it('saves a frame upright with no metadata under captures/DATE/, with its class and source=camera; undo removes file and row', async () => {
    const { s, dir } = open();
    const a = (await dispatch(s, 'classes.add', { name: 'A' })) as { id: number };
    const b = (await dispatch(s, 'classes.add', { name: 'B' })) as { id: number };
    // A 40×20 frame tagged "rotate 90°" with GPS-like EXIF: stored upright as 20×40, no EXIF left.
    const frame = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#ff0000' } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret place' } } })
      .toBuffer();
    const saved = (await dispatch(s, 'capture.save', { classId: a.id, format: 'jpeg', dataBase64: frame.toString('base64') })) as {
      imageId: number;
      path: string;
      classCount: number;
    };
    expect(saved.path).toMatch(/^captures\/\d{4}-\d{2}-\d{2}\/\d{6}-\d{3}(-\d+)?\.jpg$/);
    expect(saved.classCount).toBe(1);
    const file = path.join(dir, ...saved.path.split('/'));
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([20, 40, undefined, undefined]);

    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } }).png().toBuffer();
    const second = (await dispatch(s, 'capture.save', { classId: b.id, format: 'png', dataBase64: png.toString('base64') })) as { path: string; imageId: number };
    expect(second.path).toMatch(/\.png$/);
    const rows = s.require().db.prepare(`SELECT id, path, source, width, height FROM images ORDER BY id`).all();
    expect(rows).toEqual([
      { id: saved.imageId, path: saved.path, source: 'camera', width: 20, height: 40 },
      { id: second.imageId, path: second.path, source: 'camera', width: 8, height: 8 },
    ]);
    expect(((await dispatch(s, 'images.get', { id: saved.imageId })) as { tags: number[] }).tags).toEqual([a.id]);

    const undo = (await dispatch(s, 'capture.undoLast', {})) as { removed: { imageId: number; path: string } | null };
    expect(undo.removed).toMatchObject({ imageId: second.imageId, path: second.path, classIds: [b.id] });
    expect(fs.existsSync(path.join(dir, ...second.path.split('/')))).toBe(false);
    expect(s.require().db.prepare('SELECT COUNT(*) AS n FROM images').get()).toEqual({ n: 1 });
    expect(s.require().db.prepare(`SELECT COUNT(*) AS n FROM annotations WHERE class_id = ?`).get(b.id)).toEqual({ n: 0 });
    expect(fs.existsSync(file)).toBe(true);
  });

  it('refuses a frame that is not an image, or an archived class, and leaves nothing behind', async () => {
    const { s, dir } = open();
    const a = (await dispatch(s, 'classes.add', { name: 'A' })) as { id: number };
    await expect(dispatch(s, 'capture.save', { classId: a.id, format: 'jpeg', dataBase64: Buffer.from('<html>hello</html>').toString('base64') })).rejects.toMatchObject({
      code: 'BAD_FILE',
    });
    await dispatch(s, 'classes.archive', { id: a.id, archived: true });
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } }).png().toBuffer();
    await expect(dispatch(s, 'capture.save', { classId: a.id, format: 'png', dataBase64: png.toString('base64') })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(dispatch(s, 'capture.save', { classId: 999, format: 'png', dataBase64: png.toString('base64') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(path.join(dir, 'captures'))).toBe(false);
    expect(await dispatch(s, 'capture.undoLast', {})).toEqual({ removed: null });
  });

  it('remembers the camera and capture choices in the dataset', async () => {
    const { s, dir } = open();
    expect(await dispatch(s, 'capture.getPrefs', {})).toMatchObject({ deviceId: null, width: 1280, height: 720, format: 'jpeg' });
    await dispatch(s, 'capture.setPrefs', { deviceId: 'cam-2', deviceLabel: 'USB camera', mirror: false });
    s.close();
    const again = new Session({}, path.join(dir, '.home'));
    again.open(dir);
    cleanups.unshift(() => again.close());
    expect(await dispatch(again, 'capture.getPrefs', {})).toMatchObject({ deviceId: 'cam-2', deviceLabel: 'USB camera', mirror: false, width: 1280 });
    await expect(dispatch(again, 'capture.setPrefs', { rate: 1000 })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
  });
});
