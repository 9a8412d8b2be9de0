/** The core's events to its transports (contract/events.ts): one fan-out, listeners added and removed by the hosts. */
import type { EventName, EventPayload } from '../contract/index.js';

export type StationEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class StationEvents {
  private readonly listeners = new Set<StationEventListener>();

  on(listener: StationEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(event, payload);
  }
}
