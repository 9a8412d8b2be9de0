/**
 * Commands to the simulated rig through the same CommandChannel as a serial rig's, so an operator's
 * RELAY, the interlock's RELAY OPEN and a PING get a real protocol v1 round trip (command line → the
 * simulator's ack → the link's decoder). No heartbeat, hello retries or reopen: the simulator cannot
 * lose the host, miss a hello or wedge a port.
 */
import type { CommandResult, DeviceCommand } from '../contract/device-methods.js';
import type { DeviceLink } from './device-link.js';
import type { CommandName } from '../protocol/index.js';
import { CommandChannel, commandOnWire } from './command-channel.js';
import type { RigControl } from './rig-control.js';
import type { SimulatorSource } from './simulator-source.js';

export class SimRigControl implements RigControl {
  readonly channel: CommandChannel;
  readonly pingRttMs = null;
  readonly diagnosis = null;
  private readonly off: () => void;

  constructor(source: SimulatorSource, link: DeviceLink) {
    this.channel = new CommandChannel({ write: (line) => source.write(line) });
    this.off = link.on('ack', (f, t) => this.channel.onAck(f, t));
  }

  send(name: CommandName, arg: string | null = null, timeoutMs?: number): Promise<CommandResult> {
    return this.channel.send(name, arg, timeoutMs);
  }

  command(c: DeviceCommand): Promise<CommandResult> {
    return this.send(...commandOnWire(c));
  }

  close(): void {
    this.channel.cancelAll('the device was disconnected');
    this.off();
  }
}
