/** The contract's device requests (contract/device-methods.ts), answered by the device manager. */
import type { MethodParams, MethodResult } from '../contract/methods.js';
import type { DEVICE_METHODS, SimScenarioInfo } from '../contract/device-methods.js';
import { DEFAULT_BAUD_RATE } from '../contract/device-methods.js';
import { SCENARIOS } from '../sim/index.js';
import type { DeviceManager } from './device-manager.js';

type DeviceMethodName = keyof typeof DEVICE_METHODS;
export type DeviceHandlers = {
  [M in DeviceMethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

const SIM_SCENARIOS: SimScenarioInfo[] = SCENARIOS.map((s) => ({
  name: s.name,
  title: s.title,
  description: s.description,
  defaultCellCount: s.defaultCellCount,
  defaultChemistry: s.defaultChemistry,
  tempProbe: s.tempProbe,
  thermalEvent: s.thermalEvent,
  suggestedDurationS: s.suggestedDurationS,
}));

export function deviceHandlers(m: DeviceManager): DeviceHandlers {
  return {
    listSerialPorts: () => m.listPorts(),
    getDeviceLinks: () => m.linkInfos(),
    connectSerialDevice: ({ path, baud }) => m.connectSerial(path, baud ?? DEFAULT_BAUD_RATE, { remember: true }),
    disconnectDevice: async ({ spec }) => ({ ok: await m.disconnect(spec) }),
    useSimulator: () => m.useSimulator(),
    listSimScenarios: () => SIM_SCENARIOS,
    connectSim: ({ scenario, speed, seed, cells }) =>
      m.connectSim({ kind: 'sim', scenario: scenario ?? null, speed, seed, cells }),
    sendDeviceCommand: ({ spec, command }) => m.command(spec, command),
  };
}
