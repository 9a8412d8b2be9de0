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

  it.each([
    [{ PORT: 'eighty' }, /PORT=eighty/],
    [{ PORT: '70000' }, /PORT=70000/],
    [{ STATION_DEVICE: 'usb:1' }, /STATION_DEVICE/],
    [{ STATION_SIM_SPEED: '0' }, /STATION_SIM_SPEED/],
    [{ STATION_SIM_CELLS: '40' }, /STATION_SIM_CELLS/],
  ])('explains a bad value %o', (env, message) => {
    expect(() => loadStationConfig(env)).toThrow(ConfigError);
    expect(() => loadStationConfig(env)).toThrow(message);
  });

  it('matches Electron userData on each platform', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32')).toContain('EV Battery Station');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/EV Battery Station$/);
  });
});
