/** Who may call the core over IPC: the top frame of the station's own window, and nobody else. */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trusted-sender.js';

const own = { id: 1 } as unknown as WebContents;
const other = { id: 2 } as unknown as WebContents;
const top = { parent: null, url: 'file:///app/out/renderer/index.html' };
const iframe = { parent: top, url: 'file:///app/out/renderer/index.html' };
const event = (sender: WebContents, senderFrame: object | null) =>
  ({ sender, senderFrame }) as unknown as Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

describe('isTrustedSender', () => {
  it("trusts the top frame of the station's own window", () => {
    expect(isTrustedSender(event(own, top), [own])).toBe(true);
  });

  it('refuses an iframe even at our URL, another WebContents, and a frame already gone', () => {
    expect(isTrustedSender(event(own, iframe), [own])).toBe(false);
    expect(isTrustedSender(event(other, top), [own])).toBe(false);
    expect(isTrustedSender(event(own, null), [own])).toBe(false);
    expect(isTrustedSender(event(own, top), [])).toBe(false);
  });
});
