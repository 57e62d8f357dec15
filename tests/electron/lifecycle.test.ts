import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { folderFromArgv, startApp } from '../../src-main/host/electron/startApp.js';
import { tempDir } from '../helpers/tempDataset.js';
import { type BootedApp, bootApp, invoke, writeRendererDir } from './bootApp.js';
import { app, mock, resetElectronMock } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

describe('the app lifecycle', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));
  const boot = async (opts: Parameters<typeof bootApp>[0] = {}) => {
    const b = await bootApp(opts);
    cleanups.push(b.cleanup);
    return b;
  };
  const folder = (b: BootedApp, name: string) => {
    const dir = path.join(b.dir, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('a second launch with a folder focuses the running window and opens that folder there', async () => {
    const b = await boot();
    const dataset = folder(b, 'second');
    const win = mock.windows[0]!;
    win.minimized = true;
    app.emit('second-instance', {}, ['lightbox-studio', '--some-chromium-switch'], '/', { folder: dataset });
    expect(win.restored).toBe(1);
    expect(win.focused).toBe(1);
    await vi.waitFor(() => expect(b.running.session.dataset?.root).toBe(fs.realpathSync(dataset)));
    expect(win.webContents.sent.map((s) => s.args[0])).toContain('dataset.opened');
    expect(mock.windows).toHaveLength(1);
  });

  it('a second launch that sent no data is read from its command line, relative to its folder', async () => {
    const b = await boot();
    const dataset = folder(b, 'from-argv');
    app.emit('second-instance', {}, ['lightbox-studio', '--original-process-start-time=1', 'from-argv'], b.dir, {});
    await vi.waitFor(() => expect(b.running.session.dataset?.root).toBe(fs.realpathSync(dataset)));
  });

  it('a second launch without a folder only focuses the window', async () => {
    const b = await boot();
    const dataset = folder(b, 'current');
    await invoke('datasets.open', { path: dataset });
    fs.writeFileSync(path.join(b.dir, 'file.jpg'), 'x');
    app.emit('second-instance', {}, ['lightbox-studio', 'file.jpg', 'missing-folder'], b.dir, { folder: null });
    expect(mock.windows[0]!.focused).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(b.running.session.dataset?.root).toBe(fs.realpathSync(dataset));
    expect(mock.errorBoxes).toEqual([]);
  });

  it('a launch while another instance runs hands its folder over and quits without a window', async () => {
    resetElectronMock();
    mock.lockGranted = false;
    const t = tempDir();
    cleanups.push(t.cleanup);
    fs.mkdirSync(path.join(t.dir, 'ds'));
    const running = await startApp({ rendererDir: writeRendererDir(t.dir), preloadPath: 'x', home: path.join(t.dir, 'home'), argv: ['lightbox-studio', 'ds'], cwd: t.dir });
    expect(running).toBeNull();
    expect(mock.lockData).toEqual({ folder: path.join(t.dir, 'ds') });
    expect(mock.quitCalls).toBe(1);
    expect(mock.windows).toHaveLength(0);
    expect(mock.ipcHandlers.size).toBe(0);
  });

  it('reopens the last dataset on the next launch', async () => {
    const first = await boot();
    const dataset = folder(first, 'last-one');
    expect(await invoke('datasets.open', { path: dataset })).toMatchObject({ ok: true });
    app.emit('window-all-closed');
    expect(first.running.session.dataset).toBeNull();
    expect(mock.quitCalls).toBe(1);

    const second = await boot({ home: first.home });
    expect(second.running.session.dataset?.root).toBe(fs.realpathSync(dataset));
    expect(await invoke('datasets.current', {})).toMatchObject({ ok: true, result: { root: fs.realpathSync(dataset), name: 'last-one' } });
    expect(await invoke('datasets.recent', {})).toMatchObject({ result: { paths: [fs.realpathSync(dataset)] } });
  });

  it('starts on the welcome screen, without a dialog, when the last dataset has been deleted', async () => {
    const first = await boot();
    const dataset = folder(first, 'gone');
    await invoke('datasets.open', { path: dataset });
    first.running.session.close();
    fs.rmSync(dataset, { recursive: true });
    const second = await boot({ home: first.home });
    expect(second.running.session.dataset).toBeNull();
    expect(mock.errorBoxes).toEqual([]);
    expect(mock.windows).toHaveLength(1);
  });

  it('opens the folder given on the command line rather than the last one', async () => {
    const first = await boot();
    await invoke('datasets.open', { path: folder(first, 'older') });
    first.running.session.close();
    const named = folder(first, 'named');
    const second = await boot({ home: first.home, argv: ['lightbox-studio', 'named'], cwd: first.dir });
    expect(second.running.session.dataset?.root).toBe(fs.realpathSync(named));
  });

  it('reads the folder from a command line, skipping switches and the app path of `electron <app>`', async () => {
    const b = await boot();
    const app = folder(b, 'app');
    const dataset = folder(b, 'data set');
    // Packaged: lightbox-studio [switches] FOLDER
    expect(folderFromArgv(['/opt/Lightbox Studio/lightbox-studio', '--enable-logging', 'data set'], b.dir, false)).toBe(dataset);
    // Development: electron [switches] APP FOLDER — the app folder is not a dataset.
    expect(folderFromArgv(['electron', '--no-sandbox', app, dataset], '/', true)).toBe(dataset);
    expect(folderFromArgv(['electron', app], '/', true)).toBeNull();
    expect(folderFromArgv(['lightbox-studio', 'no-such-folder'], b.dir, false)).toBeNull();
  });

  it('asks for a folder with the native dialog, and answers null when cancelled', async () => {
    const b = await boot();
    const dataset = folder(b, 'picked');
    mock.dialogResult = { canceled: false, filePaths: [dataset] };
    expect(await invoke('datasets.pickFolder', {})).toEqual({ ok: true, result: { path: dataset } });
    mock.dialogResult = { canceled: true, filePaths: [] };
    expect(await invoke('datasets.pickFolder', {})).toEqual({ ok: true, result: { path: null } });
    expect(mock.openDialogCalls).toBe(2);
  });

  it('asks for a task package with the native dialog, offering .lbx files only', async () => {
    await boot();
    mock.dialogResult = { canceled: false, filePaths: ['/home/ana/task-ana.lbx'] };
    expect(await invoke('packages.pickFile', {})).toEqual({ ok: true, result: { path: '/home/ana/task-ana.lbx' } });
    expect(mock.lastDialogOptions).toMatchObject({ properties: ['openFile'], filters: [{ extensions: ['lbx'] }] });
    mock.dialogResult = { canceled: true, filePaths: [] };
    expect(await invoke('packages.pickFile', {})).toEqual({ ok: true, result: { path: null } });
  });
});
