import assert from 'node:assert/strict';
import type { ApiResult } from '../electron/api.js';
import type { InvokeEvent, IpcMainLike, Sender, SenderFrame } from '../electron/desktop/ipc.js';
import type { GuardedContents, PreventableEvent, WindowOptions } from '../electron/desktop/window.js';

/*
 * Recording stand-ins for the parts of Electron that electron/desktop/ipc.ts and window.ts are
 * given, so both run under plain Node: ipcMain and a window's web contents (the IPC door), a
 * BrowserWindow, its web contents' events and the shell (the window and its guards).
 */

type Handler = (event: InvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    assert.ok(!this.handlers.has(channel), `${channel} is handled once`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke does: the arguments are copied (structured clone), and a channel without a handler is an error. */
  async invoke(event: InvokeEvent, channel: string, ...args: unknown[]): Promise<ApiResult<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return (await handler(event, ...structuredClone(args))) as ApiResult<unknown>;
  }
}

export class FakeSender implements Sender {
  readonly sent: { channel: string; payload: unknown }[] = [];
  onSend: ((channel: string, payload: unknown) => void) | null = null;
  destroyed = false;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, payload: args[0] });
    this.onSend?.(channel, args[0]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** The app window's top frame, on the app's page. */
export const APP_FRAME: SenderFrame = { url: 'pantau://app/index.html', parent: null };

type Listener = (event: PreventableEvent, url: string) => void;

export class FakeContents implements GuardedContents {
  readonly listeners = new Map<string, Listener[]>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Emits `event` as Electron would; answers whether a listener prevented it. */
  emit(event: string, url = ''): boolean {
    let prevented = false;
    for (const l of this.listeners.get(event) ?? []) l({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class FakeWindow {
  static made: FakeWindow[] = [];
  readonly webContents = new FakeContents();
  readonly loaded: string[] = [];
  private readonly once_ = new Map<string, () => void>();
  shown = false;
  constructor(readonly options: WindowOptions) {
    FakeWindow.made.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  once(event: string, listener: () => void): this {
    this.once_.set(event, listener);
    return this;
  }
  fire(event: string): void {
    this.once_.get(event)?.();
  }
  show(): void {
    this.shown = true;
  }
}

export function fakeShell(): { opened: string[]; openExternal(url: string): Promise<void> } {
  const opened: string[] = [];
  return { opened, openExternal: (url) => (opened.push(url), Promise.resolve()) };
}
