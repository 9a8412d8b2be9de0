/**
 * A source of protocol lines: the simulator, a serial port or a replayed file. Every source yields
 * raw lines so that everything downstream (decoder, link health, store) is exercised the same way.
 */
import type { SourceState } from '../contract/index.js';

export interface LineSourceEvents {
  /** One line as received, without its terminator; `tHostMs` is when it arrived. */
  line: (line: string, tHostMs: number) => void;
  state: (state: SourceState, detail?: string) => void;
}

export interface LineSource {
  readonly kind: 'sim' | 'serial' | 'replay' | 'network';
  /** The spec it was opened from, e.g. `sim:oven` or `serial:/dev/ttyUSB0@115200`. */
  readonly spec: string;
  readonly label: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one command line to the device, if the source can talk back. */
  write?(line: string): Promise<void>;
  on<E extends keyof LineSourceEvents>(event: E, listener: LineSourceEvents[E]): () => void;
}

/** Minimal typed emitter for sources; Node's EventEmitter typing is too loose for a contract. */
export class SourceEmitter {
  private listeners: { [E in keyof LineSourceEvents]: Set<LineSourceEvents[E]> } = {
    line: new Set(),
    state: new Set(),
  };

  on<E extends keyof LineSourceEvents>(event: E, listener: LineSourceEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  protected emitLine(line: string, tHostMs: number): void {
    for (const l of this.listeners.line) l(line, tHostMs);
  }

  protected emitState(state: SourceState, detail?: string): void {
    for (const l of this.listeners.state) l(state, detail);
  }
}
