/**
 * Requests about devices: list serial ports, connect and disconnect rigs (several at once), switch back
 * to the simulator or pick one of its scenarios, send protocol v1 commands, and read each link's health. The shapes live here too;
 * the renderer derives their types from the registry (`MethodResult<'getDeviceLinks'>`).
 */
import { z } from 'zod';
import { method } from './method.js';
import { sourceStateSchema } from './domain.js';

export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 2000000] as const;
export const DEFAULT_BAUD_RATE = 115200;

export const serialPortInfoSchema = z.object({
  path: z.string(),
  /** `/dev/serial/by-id/...`: names the same device whatever ttyUSBn it gets. */
  byIdPath: z.string().nullable(),
  manufacturer: z.string().nullable(),
  product: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  location: z.string().nullable(),
  /** A USB-serial chip an ESP32 rig typically sits behind (Espressif, CP210x, CH34x/CH910x, FTDI). */
  rig: z.object({ vendor: z.string(), chip: z.string() }).nullable(),
  /** The spec of the station device using it now, if any. */
  inUseBy: z.string().nullable(),
});
export type SerialPortInfo = z.infer<typeof serialPortInfoSchema>;

export const portListSchema = z.object({
  ports: z.array(serialPortInfoSchema),
  /** How the list was made: `udevadm`, `sysfs` (no udevadm on this machine) or the OS API. */
  method: z.enum(['udevadm', 'sysfs', 'os']),
  warnings: z.array(z.string()),
});

export const linkHealthSchema = z.object({
  /** Host time the port was last opened, or null while it is closed. */
  connectedSinceMs: z.number().nullable(),
  /** Times the port was opened, and lost (closed by the OS, vanished, or reopened by the watchdog). */
  opens: z.number().int(),
  disconnects: z.number().int(),
  framesOk: z.number().int(),
  dataFrames: z.number().int(),
  checksumErrors: z.number().int(),
  /** Lines that had a `$` but were not a valid frame for another reason (field, range, version…). */
  malformed: z.number().int(),
  /** Lines without `$`: boot log, a serial monitor's chatter. */
  noiseLines: z.number().int(),
  rejectedByReason: z.record(z.string(), z.number().int()),
  seqGaps: z.number().int(),
  missingFrames: z.number().int(),
  duplicateFrames: z.number().int(),
  reboots: z.number().int(),
  bytesTotal: z.number(),
  bytesPerS: z.number(),
  lastFrameMs: z.number().nullable(),
  lastDataMs: z.number().nullable(),
  /** Age of the newest data frame when this status was made. */
  lastDataAgeMs: z.number().nullable(),
  /** Data frames held until the device's hello, and those dropped because no matching hello came. */
  heldForHello: z.number().int(),
  droppedWithoutHello: z.number().int(),
  /** Heartbeat round trip of the last answered PING. */
  pingRttMs: z.number().nullable(),
  commandsSent: z.number().int(),
  commandTimeouts: z.number().int(),
});
export type LinkHealth = z.infer<typeof linkHealthSchema>;

/** A simulated rig's settings and clock, beside its link health. */
export const simLinkSchema = z.object({
  /** Scenario name (`oven`, …) and its title; null for a test fixture without a scenario. */
  scenario: z.string().nullable(),
  title: z.string().nullable(),
  /** Simulated seconds per wall second, as asked (the rig runs slower when the physics cannot keep up). */
  speed: z.number(),
  seed: z.number(),
  cells: z.number().int(),
  /** Simulated seconds since the rig started. */
  simTimeS: z.number(),
  relayOpen: z.boolean(),
});
export type SimLinkInfo = z.infer<typeof simLinkSchema>;

/** The last relay command sent to a device, by the interlock or the operator, and the device's answer. */
export const relayCommandSchema = z.object({
  state: z.enum(['OPEN', 'CLOSE']),
  by: z.enum(['interlock', 'operator']),
  /** When it was sent (host time). */
  atMs: z.number(),
  /** Null while it waits for the device's answer. */
  acknowledged: z.boolean().nullable(),
  /** The ack's detail, or why there was none (`no ack within 1500 ms`). */
  detail: z.string(),
  rttMs: z.number().nullable(),
  /** What made the interlock act (the alarm's message); null for the operator. */
  reason: z.string().nullable(),
});
export type RelayCommandInfo = z.infer<typeof relayCommandSchema>;

export const deviceLinkSchema = z.object({
  spec: z.string(),
  kind: z.enum(['sim', 'serial', 'replay', 'network']),
  label: z.string(),
  state: sourceStateSchema,
  /** No data for longer than the stale limit: Live values of this device are not current. */
  stale: z.boolean(),
  staleAfterMs: z.number(),
  /** Serial only: the port in use now (it can change when a device comes back under a new name). */
  path: z.string().nullable(),
  baud: z.number().nullable(),
  usb: serialPortInfoSchema.omit({ inUseBy: true }).nullable(),
  deviceId: z.string().nullable(),
  bootId: z.string().nullable(),
  fwVersion: z.string().nullable(),
  cellCount: z.number().int().nullable(),
  periodMs: z.number().int().nullable(),
  channels: z.string().nullable(),
  /** From the newest data frame's status bits; null before the first. */
  relayOpen: z.boolean().nullable(),
  hostLost: z.boolean().nullable(),
  /** The last relay command sent this run and whether the device acknowledged it; null before any. */
  relayCommand: relayCommandSchema.nullable(),
  health: linkHealthSchema,
  /** Why the link is not streaming, in words an operator can act on. */
  lastError: z.string().nullable(),
  /** What the bytes look like when no valid frame comes (wrong baud, another protocol). */
  diagnosis: z.string().nullable(),
  /** Simulated rigs only. */
  sim: simLinkSchema.nullable(),
  /** Reconnected on the next start of the station. */
  remembered: z.boolean(),
});
export type DeviceLinkInfo = z.infer<typeof deviceLinkSchema>;

const specParam = z.object({ spec: z.string().min(1).max(600) }).strict();

export const deviceCommandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('PING') }).strict(),
  z.object({ name: z.literal('HELLO') }).strict(),
  z.object({ name: z.literal('CONFIG') }).strict(),
  z.object({ name: z.literal('RATE'), periodMs: z.number().int().min(10).max(60000) }).strict(),
  z.object({ name: z.literal('IDENT'), seconds: z.number().int().min(0).max(600) }).strict(),
  z.object({ name: z.literal('RELAY'), state: z.enum(['OPEN', 'CLOSE']) }).strict(),
]);
export type DeviceCommand = z.infer<typeof deviceCommandSchema>;

export const commandResultSchema = z.object({
  ok: z.boolean(),
  /** The ack's detail (`period_ms=500`, the config…) or the reason it failed. */
  detail: z.string(),
  /** `timeout`, `not-connected`, `write-failed`, `queue-full`, or the device's ERR code. */
  error: z.string().nullable(),
  rttMs: z.number().nullable(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

/** One of the simulator's named scenarios (native-bridge/sim/scenarios.ts), for the picker. */
export const simScenarioSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  defaultCellCount: z.number().int(),
  defaultChemistry: z.string(),
  tempProbe: z.enum(['ntc', 'thermocouple']),
  /** Whether a thermal runaway is expected: never, in some draws (seeds), or in (almost) every draw. */
  thermalEvent: z.enum(['none', 'possible', 'expected']),
  suggestedDurationS: z.number(),
});
export type SimScenarioInfo = z.infer<typeof simScenarioSchema>;

export const SIM_SPEED_MAX = 10000;

export const connectSimParams = z
  .object({
    /** Checked against the scenario list by the core, which answers with the valid names. */
    scenario: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .nullish(),
    speed: z.number().positive().max(SIM_SPEED_MAX).optional(),
    seed: z.number().int().min(-2147483648).max(4294967295).optional(),
    cells: z.number().int().min(1).max(32).optional(),
  })
  .strict();

export const DEVICE_METHODS = {
  listSerialPorts: method(z.object({}).strict(), portListSchema),
  getDeviceLinks: method(z.object({}).strict(), z.array(deviceLinkSchema)),
  /**
   * Opens a serial device beside those already connected. The simulator makes way for the first real
   * device. The choice is remembered for the next start.
   */
  connectSerialDevice: method(
    z
      .object({
        path: z.string().min(1).max(512),
        baud: z
          .number()
          .int()
          .refine((b) => (BAUD_RATES as readonly number[]).includes(b), { message: `one of ${BAUD_RATES.join(', ')}` })
          .default(DEFAULT_BAUD_RATE),
      })
      .strict(),
    z.object({ spec: z.string(), state: sourceStateSchema, error: z.string().nullable() }),
  ),
  disconnectDevice: method(specParam, z.object({ ok: z.boolean() })),
  /** Stops every serial device and runs the built-in simulated rig again (its default scenario). */
  useSimulator: method(z.object({}).strict(), z.object({ spec: z.string() })),
  listSimScenarios: method(z.object({}).strict(), z.array(simScenarioSchema)),
  /**
   * Replaces every device with the simulated rig running a scenario (`null`: the default one). Speed,
   * seed and cells left out come from STATION_SIM_* or the scenario. The choice is remembered.
   */
  connectSim: method(connectSimParams, z.object({ spec: z.string() })),
  sendDeviceCommand: method(
    z.object({ spec: z.string().min(1).max(600), command: deviceCommandSchema }).strict(),
    commandResultSchema,
  ),
};
