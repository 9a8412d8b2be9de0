/**
 * A rig that posts its protocol v1 lines over the network (WiFi, `POST /api/ingest`) instead of
 * writing them to a serial port. It is a source like the others — its own link with health, stale
 * watchdog and "communication lost" alarm — but its lines are not pushed: the ingest hands each one to
 * the link and reports what became of it (network-ingest.ts). It cannot be sent commands: the rig
 * initiates every exchange.
 */
import { SourceEmitter, type LineSource } from './line-source.js';

export const networkSpec = (deviceId: string) => `network:${deviceId}`;

export class NetworkSource extends SourceEmitter implements LineSource {
  readonly kind = 'network' as const;
  readonly spec: string;
  readonly label: string;
  /** Raw bytes posted (the link's bytes per second read it). */
  bytesReceived = 0;
  /** The address it last posted from. */
  lastClient: string | null = null;

  constructor(readonly deviceId: string) {
    super();
    this.spec = networkSpec(deviceId);
    this.label = `Network rig ${deviceId}`;
  }

  async start(): Promise<void> {
    this.emitState('starting');
    this.emitState('streaming');
  }

  async stop(): Promise<void> {
    this.emitState('stopped');
  }
}
