/**
 * Stand-ins for the Electron objects the shell's guards are handed (WebContents, Session): Node event
 * emitters that record the handlers set on them, so a test can play the part of the page.
 */
import { EventEmitter } from 'node:events';

export interface Preventable {
  preventDefault(): void;
  readonly prevented: boolean;
}

export function preventable(): Preventable {
  let prevented = false;
  return {
    preventDefault: () => void (prevented = true),
    get prevented() {
      return prevented;
    },
  };
}

export class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  /** Emits a preventable event as Electron would, and says whether a listener prevented it. */
  attempt(event: string, ...args: unknown[]): boolean {
    const e = preventable();
    this.emit(event, e, ...args);
    return e.prevented;
  }
}

type Listener = (
  details: { url: string; responseHeaders?: Record<string, string | string[]> },
  cb: (r: object) => void,
) => void;

export class FakeSession extends EventEmitter {
  permissionRequest: ((c: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  permissionCheck: ((c: unknown, permission: string) => boolean) | null = null;
  devicePermission: ((d: unknown) => boolean) | null = null;
  readonly beforeRequest: { filter: { urls: string[] }; listener: Listener }[] = [];
  readonly headersReceived: { filter: { urls: string[] }; listener: Listener }[] = [];
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermission']) {
    this.devicePermission = h;
  }
  readonly webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: Listener) =>
      void this.beforeRequest.push({ filter, listener }),
    onHeadersReceived: (filter: { urls: string[] }, listener: Listener) =>
      void this.headersReceived.push({ filter, listener }),
  };

  /** What the session's request filter answers for a request to `url` (true: cancelled). */
  cancels(url: string): boolean {
    let cancel: boolean | undefined;
    for (const { listener } of this.beforeRequest)
      listener({ url }, (r) => (cancel = (r as { cancel: boolean }).cancel));
    if (cancel === undefined) throw new Error(`no request filter answered for ${url}`);
    return cancel;
  }
}
