import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImageRow, ImageValues } from '../../src-main/api/images.js';
import type { LightboxBridge } from '../../src-main/api/rpc.js';
import { decodeValues } from '../../src-renderer/canvas/valueLut.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { type BootedApp, bootApp } from './bootApp.js';
import { mock } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

const SIDE = 96;
const hu = (i: number) => -1000 + (i % 3000);

describe('images.values over Electron IPC', () => {
  let booted: BootedApp;
  let bridge: LightboxBridge;

  beforeAll(async () => {
    booted = await bootApp();
    const dataset = path.join(booted.dir, 'dataset');
    fs.mkdirSync(dataset);
    const stored = new Int16Array(SIDE * SIDE).map((_, i) => hu(i) + 1024);
    fs.writeFileSync(path.join(dataset, 'ct.dcm'), makeDicom({ rows: SIDE, columns: SIDE, pixels: stored, signed: true, slope: 1, intercept: -1024 }));
    await import('../../src-main/host/electron/preload.js');
    bridge = mock.exposed.get('lightbox') as LightboxBridge;
    await bridge.call('datasets.open', { path: dataset });
    const { jobId } = (await bridge.call('datasets.scan', {})) as { jobId: string };
    await booted.running.session.jobs.wait(jobId);
  });
  afterAll(() => booted.cleanup());

  it('reaches the page as bytes (cloned as they are, no base64), exactly the HU of the CT', async () => {
    const { items } = (await bridge.call('images.list', {})) as { items: ImageRow[] };
    const v = (await bridge.call('images.values', { id: items.find((r) => r.path === 'ct.dcm')!.id })) as ImageValues;
    expect(v.data).toBeInstanceOf(Uint8Array);
    // The clone carries the values' own bytes, not a larger buffer they were a view of.
    expect(v.data.buffer.byteLength).toBe(SIDE * SIDE * 2);
    expect([v.width, v.height, v.type, v.units]).toEqual([SIDE, SIDE, 'int16', 'HU']);
    const values = decodeValues(v);
    for (const i of [0, 1, 2999, 3000, SIDE * SIDE - 1]) expect(values[i]).toBe(hu(i));
  });
});
