/**
 * A line source driven by hand, for tests and benches that feed a device link directly: `line()`
 * delivers one line (a trailing LF is dropped, as a splitter would), `state()` reports a source state;
 * `helloLine()` is a rig's hello to deliver first.
 */
import type { SourceState } from '../native-bridge/contract/index.js';
import { SourceEmitter, type LineSource } from '../native-bridge/devices/line-source.js';
import { encodeFrame } from '../native-bridge/protocol/index.js';

/** A test rig's hello line: what lets a device link trust the data frames after it. */
export function helloLine(deviceId: string, cellCount: number): string {
  return encodeFrame({
    kind: 'hello',
    deviceId,
    bootId: '0000BEEF',
    fwVersion: 't',
    cellCount,
    periodMs: 100,
    channels: '',
  });
}

export class HandSource extends SourceEmitter implements LineSource {
  readonly kind = 'serial' as const;

  constructor(
    readonly spec = 'serial:/dev/ttyTEST@115200',
    readonly label = 'Test port',
  ) {
    super();
  }

  async start() {}

  async stop() {
    this.state('stopped');
  }

  line(l: string, t = 0) {
    this.emitLine(l.endsWith('\n') ? l.slice(0, -1) : l, t);
  }

  state(s: SourceState, d?: string) {
    this.emitState(s, d);
  }
}
