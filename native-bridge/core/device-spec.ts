/**
 * Parses STATION_DEVICE-style specs: `sim`, `sim:<scenario>`, `serial:<path>[@baud]`, `serial:auto`,
 * `replay:<file>`. One parser for the environment, the CLI and the UI's device picker.
 */

export type DeviceSpec =
  | { kind: 'sim'; scenario: string | null }
  | { kind: 'serial'; path: string | 'auto'; baud: number }
  | { kind: 'replay'; file: string };

export const DEFAULT_BAUD = 115200;
const BAUDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 2000000];

export class DeviceSpecError extends Error {
  constructor(spec: string, why: string) {
    super(
      `Invalid device "${spec}": ${why}. Use sim, sim:<scenario>, serial:<path>[@baud], serial:auto or replay:<file>.`,
    );
    this.name = 'DeviceSpecError';
  }
}

export function parseDeviceSpec(raw: string): DeviceSpec {
  const spec = raw.trim();
  if (spec === '' || spec === 'sim') return { kind: 'sim', scenario: null };
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  switch (kind) {
    case 'sim':
      if (!/^[a-z0-9-]+$/.test(rest))
        throw new DeviceSpecError(raw, 'a scenario name is lowercase letters, digits and dashes');
      return { kind: 'sim', scenario: rest };
    case 'serial': {
      if (rest === '') throw new DeviceSpecError(raw, 'no port path');
      const at = rest.lastIndexOf('@');
      const path = at < 0 ? rest : rest.slice(0, at);
      const baud = at < 0 ? DEFAULT_BAUD : Number(rest.slice(at + 1));
      if (!Number.isInteger(baud) || !BAUDS.includes(baud))
        throw new DeviceSpecError(raw, `baud rate must be one of ${BAUDS.join(', ')}`);
      if (path === '') throw new DeviceSpecError(raw, 'no port path');
      return { kind: 'serial', path, baud };
    }
    case 'replay':
      if (rest === '') throw new DeviceSpecError(raw, 'no file');
      return { kind: 'replay', file: rest };
    default:
      throw new DeviceSpecError(raw, `unknown kind "${kind}"`);
  }
}

export function formatDeviceSpec(d: DeviceSpec): string {
  switch (d.kind) {
    case 'sim':
      return d.scenario === null ? 'sim' : `sim:${d.scenario}`;
    case 'serial':
      return `serial:${d.path}@${d.baud}`;
    case 'replay':
      return `replay:${d.file}`;
  }
}
