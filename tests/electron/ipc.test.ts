import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../src-main/api/contract.js';
import { LightboxError } from '../../src-main/api/errors.js';
import type { LightboxBridge } from '../../src-main/api/rpc.js';
import { type BootedApp, bootApp, invoke } from './bootApp.js';
import { mock } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

/** `window.lightbox` as the page sees it: what the preload exposed through contextBridge. */
type ExposedBridge = LightboxBridge & { transport: string };

describe('IPC between the window and the main process', () => {
  let booted: BootedApp;
  let bridge: ExposedBridge;
  let dataset: string;

  beforeAll(async () => {
    booted = await bootApp();
    dataset = path.join(booted.dir, 'dataset');
    fs.mkdirSync(dataset);
    await import('../../src-main/host/electron/preload.js');
    bridge = mock.exposed.get('lightbox') as ExposedBridge;
  });
  afterAll(() => booted.cleanup());

  it('has exactly one handler for every contract method, and no others', () => {
    const channels = [...mock.ipcHandlers.keys()].sort();
    expect(channels).toEqual(methodNames.map((m) => `lightbox:call:${m}`).sort());
    expect(channels.length).toBeGreaterThan(10);
  });

  it('refuses calls from any frame that is not the app page, before anything runs', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///tmp/page.html', 'app://other/index.html', 'lightbox://files/page.html', 'app://user@lightbox/', '', null]) {
      await expect(invoke('datasets.open', { path: dataset }, url), String(url)).rejects.toThrow(/Refused/);
    }
    expect(booted.running.session.dataset).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused datasets.open from https://evil.example/'));
    warn.mockRestore();
  });

  it('answers bad params with a BAD_PARAMS envelope, not a crash', async () => {
    expect(await invoke('datasets.open', { path: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_PARAMS', message: expect.stringContaining('path') } });
    expect(await invoke('images.get', { id: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_PARAMS' } });
    expect(await invoke('datasets.close', { extra: true })).toMatchObject({ ok: false, error: { code: 'BAD_PARAMS' } });
  });

  it('answers other failures with their code and a message for the person', async () => {
    const r = (await invoke('datasets.open', { path: path.join(booted.dir, 'no-such-folder') })) as { ok: boolean; error: { code: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('NOT_FOUND');
    expect(r.error.message).toContain('does not exist');
  });

  it('exposes exactly call, on, pathForFile and a transport marker, frozen', () => {
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on', 'pathForFile', 'transport']);
    const withPath = bridge as unknown as { pathForFile: (f: unknown) => string };
    expect(withPath.pathForFile({ path: '/data/cat.jpg' })).toBe('/data/cat.jpg');
    expect(withPath.pathForFile({})).toBe('');
    expect(bridge.transport).toBe('electron');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('rejects through the preload with the error payload, so the renderer can rethrow a LightboxError', async () => {
    booted.running.session.close();
    const caught = await bridge.call('datasets.stats', {}).catch((e: unknown) => e);
    expect(caught).not.toBeInstanceOf(Error);
    expect(caught).toMatchObject({ code: 'NO_DATASET', message: expect.stringContaining('Open a folder') });
    const rethrown = LightboxError.fromPayload(caught as never);
    expect(rethrown.code).toBe('NO_DATASET');
    await expect(bridge.call('images.get', { id: 'one' })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(bridge.call('nothing.here', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(bridge.call('datasets.open', { path: () => dataset })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
  });

  it('resolves through the preload with the result, and carries events to listeners until they unsubscribe', async () => {
    const opened: unknown[] = [];
    const off = bridge.on('dataset.opened', (p) => opened.push(p));
    const info = (await bridge.call('datasets.open', { path: dataset })) as { root: string; name: string };
    expect(info.root).toBe(fs.realpathSync(dataset));
    expect(info.name).toBe('dataset');
    expect(opened).toEqual([info]);
    expect(await bridge.call('datasets.current')).toEqual(info);
    off();
    await bridge.call('datasets.open', { path: dataset });
    expect(opened).toHaveLength(1);
  });

  it('sends events only while the window shows the app page', async () => {
    const wc = mock.windows[0]!.webContents;
    const before = wc.sent.length;
    wc.url = 'https://elsewhere.example/';
    booted.running.session.emit('classes.changed', {});
    expect(wc.sent.length).toBe(before);
    wc.url = 'app://lightbox/index.html';
    booted.running.session.emit('classes.changed', {});
    expect(wc.sent.slice(before)).toEqual([{ channel: 'lightbox:event', args: ['classes.changed', {}] }]);
  });
});
