import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * A stand-in for the part of the `electron` module Presidio's main process uses, so the composition
 * root runs under plain Node in tests (Electron's runtime cannot be downloaded here). It records what
 * the main process asked for (handlers, windows, dialogs) and lets a test fire Electron's events.
 * It is not Presidio's code: the code under test is, unchanged.
 */
type Listener = (...args: never[]) => void;

class StandInEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

class AppStandIn extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  paths = new Map<string, string>();
  quitCalls = 0;
  private readyResolve!: () => void;
  private readyPromise = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getVersion() {
    return '0.0.0-test';
  }
  whenReady() {
    return this.readyPromise;
  }
  /** The test's "Electron is ready". */
  becomeReady() {
    this.readyResolve();
  }
  /** Like Electron: before-quit (cancellable), then will-quit (cancellable), then gone. */
  quit() {
    this.quitCalls += 1;
    const before = new StandInEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = new StandInEvent();
    this.emit('will-quit', will);
    if (!will.defaultPrevented) this.emit('quit-finished');
  }
}

class WebContentsStandIn extends EventEmitter {
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  mainFrame = {};
  url = '';
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  webContents = new WebContentsStandIn();
  options: Record<string, unknown>;
  minimized = false;
  focused = 0;
  destroyed = false;
  loadedUrl: string | null = null;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {
    this.focused += 1;
  }
  show() {}
  isDestroyed() {
    return this.destroyed;
  }
  /** The user closes the window: Electron's cancellable 'close'. */
  userCloses(): boolean {
    const event = new StandInEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
    return !event.defaultPrevented;
  }
}

export const app = new AppStandIn();

export const dialog = {
  errors: [] as Array<{ title: string; content: string }>,
  messageBoxes: [] as Array<Record<string, unknown>>,
  /** What the user answers to the next message box (index of the button). */
  nextAnswer: 0,
  showErrorBox(title: string, content: string) {
    this.errors.push({ title, content });
  },
  showMessageBoxSync(options: Record<string, unknown>) {
    this.messageBoxes.push(options);
    return this.nextAnswer;
  },
};

export const powerMonitor = Object.assign(new EventEmitter(), { idleSeconds: 0, getSystemIdleTime: () => powerMonitor.idleSeconds });

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handlers.set(scheme, handler);
  },
};

/** Electron's net.fetch reads file: URLs; Node's fetch does not. */
export const net = {
  async fetch(url: string): Promise<Response> {
    if (!url.startsWith('file:')) return fetch(url);
    try {
      return new Response(await readFile(fileURLToPath(url)), { status: 200 });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  },
};

export const ipcMain = {
  handlers: new Map<string, (event: unknown, request: unknown) => unknown>(),
  handle(channel: string, handler: (event: unknown, request: unknown) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const session = {
  defaultSession: {
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler;
    },
  },
};

export const shell = { opened: [] as string[], openExternal: async (url: string) => void shell.opened.push(url) };

/** No keychain here: the secret store falls back to its user-only file, as on a Linux box without one. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (plain: string) => Buffer.from(plain),
  decryptString: (sealed: Buffer) => sealed.toString(),
};

