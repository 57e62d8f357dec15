import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy as webHostCsp } from '../../src-main/host/web/webHost.js';
import { type BootedApp, bootApp } from './bootApp.js';
import { mock } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

/** The CSP as a map of directive -> sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('the main window', () => {
  let booted: BootedApp | null = null;
  afterEach(() => {
    booted?.cleanup();
    booted = null;
  });

  it('is isolated from the preload, sandboxed, without Node and with web security on', async () => {
    booted = await bootApp();
    expect(mock.windows).toHaveLength(1);
    expect(mock.windows[0]!.options.webPreferences).toEqual({
      preload: path.join(booted.dir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
    expect(mock.sandboxEnabled).toBe(true);
  });

  it('loads the app page from its own origin, not from a file: URL', async () => {
    booted = await bootApp();
    expect(mock.windows[0]!.webContents.url).toBe('app://lightbox/index.html');
  });

  it('refuses every navigation, whatever the target', async () => {
    booted = await bootApp();
    const wc = mock.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-frame-navigate']) {
      const listeners = wc.listeners.get(event) ?? [];
      expect(listeners.length).toBeGreaterThan(0);
      for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://lightbox/other.html', 'lightbox://files/a.jpg']) {
        const e = { preventDefault: vi.fn(), url };
        for (const l of listeners) l(e);
        expect(e.preventDefault).toHaveBeenCalled();
      }
    }
    const webview = { preventDefault: vi.fn() };
    for (const l of wc.listeners.get('will-attach-webview') ?? []) l(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses window.open and links that open new windows', async () => {
    booted = await bootApp();
    const handler = mock.windows[0]!.webContents.windowOpenHandler!;
    for (const url of ['https://example.com/', 'app://lightbox/index.html', 'about:blank', 'mailto:someone@example.com']) {
      expect(handler({ url, disposition: 'new-window' })).toEqual({ action: 'deny' });
    }
  });

  it('serves its pages with a strict Content-Security-Policy header', async () => {
    booted = await bootApp();
    const res = await mock.protocolHandlers.get('app')!(new Request('app://lightbox/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = directives(res.headers.get('content-security-policy')!);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toContain('lightbox:');
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get('connect-src')!.some((s) => s.startsWith('http') || s.startsWith('ws'))).toBe(false);
  });

  it('uses the same policy as the browser host, apart from each transport', async () => {
    booted = await bootApp();
    const res = await mock.protocolHandlers.get('app')!(new Request('app://lightbox/'));
    const electron = directives(res.headers.get('content-security-policy')!);
    const web = directives(webHostCsp(4321));
    expect([...electron.keys()]).toEqual([...web.keys()]);
    for (const [name, sources] of web) {
      if (name === 'connect-src') expect(sources).toEqual(["'self'", 'ws://127.0.0.1:4321', 'ws://localhost:4321']);
      else if (name === 'img-src') expect(electron.get(name)).toEqual([...sources, 'lightbox:']);
      else expect(electron.get(name)).toEqual(sources);
    }
  });

  it('serves only the built renderer from app://', async () => {
    booted = await bootApp();
    const outside = path.join(booted.dir, 'secret.js');
    fs.writeFileSync(outside, 'stolen()');
    fs.symlinkSync(outside, path.join(booted.rendererDir, 'assets', 'link.js'));
    const serve = mock.protocolHandlers.get('app')!;
    const script = await serve(new Request('app://lightbox/assets/app.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Raw URLs (as if nothing had normalised them) and real ones.
    for (const url of [
      'app://lightbox/../secret.js',
      'app://lightbox/assets/../../secret.js',
      'app://lightbox/%2e%2e/secret.js',
      'app://lightbox/%252e%252e/secret.js',
      `app://lightbox/${outside}`,
      'app://lightbox/assets/link.js',
      'app://other/assets/app.js',
    ]) {
      const res = await serve({ url, method: 'GET' } as Request);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('stolen');
    }
    expect((await serve(new Request('app://lightbox/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('has an Open folder… menu item on Ctrl/Cmd+O that opens the folder chosen in the dialog', async () => {
    booted = await bootApp();
    const dataset = path.join(booted.dir, 'my-dataset');
    fs.mkdirSync(dataset);
    type Item = { label?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
    const items = (mock.applicationMenu!.template as Item[]).flatMap((m) => m.submenu ?? []);
    const open = items.find((i) => i.accelerator === 'CmdOrCtrl+O');
    expect(open?.label).toBe('Open folder…');
    mock.dialogResult = { canceled: false, filePaths: [dataset] };
    open!.click!();
    await vi.waitFor(() => expect(booted!.running.session.dataset?.root).toBe(fs.realpathSync(dataset)));
    expect(mock.openDialogCalls).toBe(1);
  });
});
