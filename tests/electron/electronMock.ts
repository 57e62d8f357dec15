/**
 * A hand-written stand-in for the `electron` module (whose binary cannot be downloaded on the
 * build machines). It records what the main process and the preload ask of Electron, so the tests
 * can look at the window settings, the registered handlers and the listeners, and call them.
 *
 * IPC is simulated end to end: `ipcRenderer.invoke` calls the handler registered with
 * `ipcMain.handle` with an event whose sender frame shows `mock.rendererUrl`, after a structured
 * clone of the params (as Electron serialises them); `webContents.send` reaches `ipcRenderer.on`.
 */
type Fn = (...args: any[]) => any;

export interface MockWebContents {
  listeners: Map<string, Fn[]>;
  windowOpenHandler: Fn | null;
  sent: { channel: string; args: unknown[] }[];
  url: string;
  destroyed: boolean;
  on(event: string, fn: Fn): MockWebContents;
  setWindowOpenHandler(fn: Fn): void;
  send(channel: string, ...args: unknown[]): void;
  getURL(): string;
  isDestroyed(): boolean;
}

function makeWebContents(): MockWebContents {
  const wc: MockWebContents = {
    listeners: new Map(),
    windowOpenHandler: null,
    sent: [],
    url: '',
    destroyed: false,
    on(event, fn) {
      wc.listeners.set(event, [...(wc.listeners.get(event) ?? []), fn]);
      return wc;
    },
    setWindowOpenHandler(fn) {
      wc.windowOpenHandler = fn;
    },
    send(channel, ...args) {
      wc.sent.push({ channel, args: structuredClone(args) });
      for (const l of mock.rendererListeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, ...structuredClone(args));
    },
    getURL: () => wc.url,
    isDestroyed: () => wc.destroyed,
  };
  return wc;
}

function freshState() {
  return {
    /** What requestSingleInstanceLock answers (false: another instance holds the lock). */
    lockGranted: true,
    lockData: undefined as unknown,
    quitCalls: 0,
    exitCodes: [] as number[],
    sandboxEnabled: false,
    appListeners: new Map<string, Fn[]>(),
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, Fn>(),
    permissionRequestHandler: null as Fn | null,
    permissionCheckHandler: null as Fn | null,
    devicePermissionHandler: null as Fn | null,
    /** The default session's onBeforeRequest listener, and its other listeners (will-download…). */
    beforeRequestHandler: null as Fn | null,
    sessionListeners: new Map<string, Fn[]>(),
    /** What happened, in order: `session.onBeforeRequest`, `window.loadURL`… */
    order: [] as string[],
    ipcHandlers: new Map<string, Fn>(),
    windows: [] as MockBrowserWindow[],
    applicationMenu: null as { template: unknown[] } | null,
    /** The next answer of dialog.showOpenDialog. */
    dialogResult: { canceled: true, filePaths: [] as string[] },
    /** The options of the last dialog.showOpenDialog call. */
    lastDialogOptions: null as unknown,
    openDialogCalls: 0,
    errorBoxes: [] as { title: string; content: string }[],
    /** The URL of the frame that ipcRenderer.invoke calls come from. */
    rendererUrl: 'app://lightbox/index.html',
    exposed: new Map<string, unknown>(),
    rendererListeners: new Map<string, Fn[]>(),
    /** The screens' work areas (screen.getAllDisplays). */
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] as { workArea: { x: number; y: number; width: number; height: number } }[],
  };
}

export const mock = freshState();

export function resetElectronMock(): void {
  Object.assign(mock, freshState());
}

export class MockBrowserWindow {
  readonly options: any;
  readonly webContents = makeWebContents();
  minimized = false;
  visible = false;
  focused = 0;
  restored = 0;
  destroyed = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };
  private readonly listeners = new Map<string, Fn[]>();

  constructor(options: any) {
    this.options = options;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    mock.windows.push(this);
  }
  /** The user moves or sizes the window. */
  setBounds(b: Partial<{ x: number; y: number; width: number; height: number }>): void {
    this.bounds = { ...this.bounds, ...b };
    this.emit('move');
    this.emit('resize');
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  loadURL(url: string): Promise<void> {
    mock.order.push('window.loadURL');
    this.webContents.url = url;
    return Promise.resolve();
  }
  on(event: string, fn: Fn): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Fn): this {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
    this.restored++;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const BrowserWindow = MockBrowserWindow;

export const screen = {
  getAllDisplays: () => mock.displays,
};

export const app = {
  isPackaged: false,
  requestSingleInstanceLock(data?: unknown): boolean {
    mock.lockData = data;
    return mock.lockGranted;
  },
  quit(): void {
    mock.quitCalls++;
  },
  exit(code = 0): void {
    mock.exitCodes.push(code);
  },
  enableSandbox(): void {
    mock.sandboxEnabled = true;
  },
  on(event: string, fn: Fn) {
    mock.appListeners.set(event, [...(mock.appListeners.get(event) ?? []), fn]);
    return app;
  },
  emit(event: string, ...args: unknown[]): void {
    for (const l of mock.appListeners.get(event) ?? []) l(...args);
  },
  whenReady: () => Promise.resolve(),
  getLocale: () => 'en-US',
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    mock.privilegedSchemes.push(...schemes);
  },
};

/** A session the app could create later (a partition): its own webRequest and listeners. */
export class MockSession {
  beforeRequestHandler: Fn | null = null;
  readonly listeners = new Map<string, Fn[]>();
  readonly webRequest = {
    onBeforeRequest: (fn: Fn | null) => {
      this.beforeRequestHandler = fn;
    },
  };
  on(event: string, fn: Fn): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
}

export const session = {
  fromPartition(_partition: string): MockSession {
    const created = new MockSession();
    app.emit('session-created', created);
    return created;
  },
  defaultSession: {
    webRequest: {
      onBeforeRequest(fn: Fn | null): void {
        mock.order.push('session.onBeforeRequest');
        mock.beforeRequestHandler = fn;
      },
    },
    on(event: string, fn: Fn) {
      mock.sessionListeners.set(event, [...(mock.sessionListeners.get(event) ?? []), fn]);
      return session.defaultSession;
    },
    setPermissionRequestHandler(fn: Fn | null): void {
      mock.permissionRequestHandler = fn;
    },
    setPermissionCheckHandler(fn: Fn | null): void {
      mock.permissionCheckHandler = fn;
    },
    setDevicePermissionHandler(fn: Fn | null): void {
      mock.devicePermissionHandler = fn;
    },
    protocol: {
      handle(scheme: string, fn: Fn): void {
        mock.protocolHandlers.set(scheme, fn);
      },
    },
  },
};

export const ipcMain = {
  handle(channel: string, fn: Fn): void {
    if (mock.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    mock.ipcHandlers.set(channel, fn);
  },
};

export const dialog = {
  async showOpenDialog(...args: unknown[]) {
    mock.openDialogCalls++;
    mock.lastDialogOptions = args[args.length - 1];
    return mock.dialogResult;
  },
  showErrorBox(title: string, content: string): void {
    mock.errorBoxes.push({ title, content });
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    mock.applicationMenu = menu;
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    mock.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = mock.ipcHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const cloned = structuredClone(args);
    const event = { senderFrame: { url: mock.rendererUrl }, sender: mock.windows[0]?.webContents };
    try {
      return structuredClone(await handler(event, ...cloned));
    } catch (e) {
      // Electron keeps only the message of an error thrown in a handler.
      throw new Error(`Error invoking remote method '${channel}': ${String(e)}`);
    }
  },
  on(channel: string, fn: Fn) {
    mock.rendererListeners.set(channel, [...(mock.rendererListeners.get(channel) ?? []), fn]);
    return ipcRenderer;
  },
};

/** Dropped files in the tests are plain objects carrying the path the OS would report. */
export const webUtils = {
  getPathForFile(file: { path?: string }): string {
    return file.path ?? '';
  },
};

export default { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, protocol, screen, session, webUtils };
