/**
 * What the station needs of a device that takes commands: a serial rig's control (hello, heartbeat,
 * reopen, diagnosis) or the simulator's. Both send through one CommandChannel, so every command ends
 * in an ack or a timeout.
 */
import type { CommandResult, DeviceCommand } from '../contract/device-methods.js';
import type { CommandName } from '../protocol/index.js';

export interface RigControl {
  readonly channel: { readonly sent: number; readonly timeouts: number };
  readonly pingRttMs: number | null;
  /** What is wrong with a port that delivers bytes but no frames; null when nothing is. */
  readonly diagnosis: string | null;
  send(name: CommandName, arg?: string | null, timeoutMs?: number): Promise<CommandResult>;
  /** A command from the contract, with its argument in wire form. */
  command(c: DeviceCommand): Promise<CommandResult>;
  close(): void;
}
