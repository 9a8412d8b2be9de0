import { describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadStationConfig } from './station-config.js';

describe('station config from the environment', () => {
  it('defaults to the simulator on 127.0.0.1:8787 in the user data folder', () => {
    const c = loadStationConfig({ HOME: '/home/op', XDG_CONFIG_HOME: '/home/op/.config' });
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      deviceSpec: 'sim',
      device: { kind: 'sim', scenario: null },
      simSpeed: 1,
      simSeed: 1,
      // The scenario decides (4 for normal cycling, 1 in the oven, 8 in a module) unless STATION_SIM_CELLS is set.
      simCells: null,
    });
    expect(c.dataDir).toBe('/home/op/.config/EV Battery Station');
  });

  it('honours PORT, STATION_DATA_DIR and STATION_DEVICE', () => {
    const c = loadStationConfig({
      PORT: '9000',
      STATION_DATA_DIR: '/data/rig',
      STATION_DEVICE: 'serial:/dev/ttyACM0@921600',
    });
    expect(c).toMatchObject({
      port: 9000,
      dataDir: '/data/rig',
      device: { kind: 'serial', path: '/dev/ttyACM0', baud: 921600 },
    });
  });

  it('honours the simulator settings', () => {
    const c = loadStationConfig({
      STATION_DEVICE: 'sim:propagation',
      STATION_SIM_SPEED: '60',
      STATION_SIM_SEED: '42',
      STATION_SIM_CELLS: '6',
      STATION_SIM_PERIOD_MS: '500',
    });
    expect(c).toMatchObject({
      device: { kind: 'sim', scenario: 'propagation' },
      simSpeed: 60,
      simSeed: 42,
      simCells: 6,
      simPeriodMs: 500,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT=eighty/],
    [{ PORT: '70000' }, /PORT=70000/],
    [{ STATION_DEVICE: 'usb:1' }, /STATION_DEVICE/],
    [{ STATION_SIM_SPEED: '0' }, /STATION_SIM_SPEED/],
    [{ STATION_SIM_CELLS: '40' }, /STATION_SIM_CELLS/],
    [{ STATION_DEVICE: 'sim:volcano' }, /unknown scenario "volcano" \(scenarios: normal-cycling/],
  ])('explains a bad value %o', (env, message) => {
    expect(() => loadStationConfig(env)).toThrow(ConfigError);
    expect(() => loadStationConfig(env)).toThrow(message);
  });

  it('matches Electron userData on each platform', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32')).toContain('EV Battery Station');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/EV Battery Station$/);
  });
});
