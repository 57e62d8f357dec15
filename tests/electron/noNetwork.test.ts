import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy as webHostCsp } from '../../src-main/host/web/webHost.js';
import { type BootedApp, bootApp } from './bootApp.js';
import { mock, session } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

type Verdict = { cancel: boolean };

/** Ask a session's onBeforeRequest listener about a URL, as Chromium would. */
function ask(handler: ((details: unknown, cb: (v: Verdict) => void) => void) | null, url: string, resourceType = 'xhr'): boolean {
  expect(handler, 'no onBeforeRequest listener is installed').toBeTruthy();
  let verdict: Verdict | null = null;
  handler!({ id: 1, url, method: 'GET', resourceType, referrer: '', timestamp: 0, uploadData: [] }, (v) => (verdict = v));
  expect(verdict, `no answer for ${url}`).not.toBeNull();
  return verdict!.cancel;
}

/** The CSP as a map of directive -> sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const OUTSIDE = [
  'https://fonts.googleapis.com/css2?family=Inter',
  'https://cdn.jsdelivr.net/npm/react/umd/react.production.min.js',
  'http://example.com/',
  'http://127.0.0.1:8080/',
  'http://localhost:3000/update.json',
  'https://update.electronjs.org/lightbox/darwin/0.1.0',
  'ws://example.com/socket',
  'wss://127.0.0.1:9999/',
  'ftp://ftp.example.com/file.jpg',
  'file:///etc/passwd',
  'file:///C:/Users/someone/secret.jpg',
  'app://other/index.html',
  'chrome-extension://abcdef/background.js',
  'not a url',
];

describe('no network in the desktop app', () => {
  let booted: BootedApp | null = null;
  // Each refusal is logged; keep the test output readable.
  beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => {
    vi.restoreAllMocks();
    booted?.cleanup();
    booted = null;
  });

  it('guards the default session before the window loads its page', async () => {
    booted = await bootApp();
    const guard = mock.order.indexOf('session.onBeforeRequest');
    const load = mock.order.indexOf('window.loadURL');
    expect(guard).toBeGreaterThanOrEqual(0);
    expect(load).toBeGreaterThan(guard);
  });

  it('cancels every request to anything outside the app, whatever the kind of resource', async () => {
    booted = await bootApp();
    for (const url of OUTSIDE) {
      for (const type of ['mainFrame', 'script', 'stylesheet', 'font', 'image', 'xhr', 'webSocket', 'other']) {
        expect(ask(mock.beforeRequestHandler, url, type), `${type} ${url}`).toBe(true);
      }
    }
  });

  it("lets the app's own pages, dataset images and in-memory URLs through", async () => {
    booted = await bootApp();
    for (const url of [
      'app://lightbox/index.html',
      'app://lightbox/assets/app.js',
      'lightbox://files/cats/a.jpg',
      'lightbox://thumbs/12',
      'blob:app://lightbox/5f1d2c1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
      'data:image/png;base64,iVBORw0KGgo=',
      'devtools://devtools/bundled/devtools_app.html',
    ]) {
      expect(ask(mock.beforeRequestHandler, url), url).toBe(false);
    }
  });

  it('refuses every download', async () => {
    booted = await bootApp();
    const listeners = mock.sessionListeners.get('will-download') ?? [];
    expect(listeners.length).toBeGreaterThan(0);
    const event = { preventDefault: vi.fn() };
    for (const l of listeners) l(event, { getURL: () => 'https://example.com/a.zip', cancel: vi.fn() });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards a session the app creates later just the same', async () => {
    booted = await bootApp();
    const later = session.fromPartition('persist:other');
    expect(ask(later.beforeRequestHandler, 'https://example.com/')).toBe(true);
    expect(ask(later.beforeRequestHandler, 'app://lightbox/index.html')).toBe(false);
    const event = { preventDefault: vi.fn() };
    for (const l of later.listeners.get('will-download') ?? []) l(event, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("limits the page's connect-src to the app's own origins", async () => {
    booted = await bootApp();
    const res = await mock.protocolHandlers.get('app')!(new Request('app://lightbox/index.html'));
    const csp = directives(res.headers.get('content-security-policy')!);
    expect(csp.get('connect-src')).toEqual(["'self'", 'lightbox:']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('font-src')).toEqual(["'self'"]);
    // The browser host: its own page and its WebSocket on the same loopback port, nothing else.
    expect(directives(webHostCsp(4321)).get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4321', 'ws://localhost:4321']);
  });
});
