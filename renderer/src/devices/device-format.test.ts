import { describe, expect, it } from 'vitest';
import type { DeviceLinkInfo, SerialPortInfo } from '../../../native-bridge/contract/device-methods.js';
import {
  dataAgeMs,
  deviceSubtitle,
  formatBytesPerS,
  formatSimTime,
  formatSpeed,
  healthFigures,
  linkStateText,
  linkTone,
  portLabel,
  simSummary,
  staleDeviceIds,
  portFieldAfterListing,
  scenarioDurationText,
  linksReplacedBySerial,
  serialRigCount,
  suggestedPort,
  usbText,
} from './device-format.js';

const link = (over: Partial<DeviceLinkInfo> = {}, health: Partial<DeviceLinkInfo['health']> = {}): DeviceLinkInfo => ({
  spec: 'serial:/dev/ttyUSB0@115200',
  kind: 'serial',
  label: 'Serial /dev/ttyUSB0 @ 115200 (CP2102/CP2104)',
  state: 'streaming',
  stale: false,
  staleAfterMs: 5000,
  path: '/dev/ttyUSB0',
  baud: 115200,
  usb: null,
  deviceId: 'A1B2C3D4E5F6',
  bootId: '3F2A91C0',
  fwVersion: '1.2.0',
  cellCount: 4,
  periodMs: 100,
  channels: 'ntc:4',
  relayOpen: false,
  hostLost: false,
  relayCommand: null,
  lastError: null,
  diagnosis: null,
  sim: null,
  remembered: true,
  health: {
    connectedSinceMs: 0,
    opens: 1,
    disconnects: 0,
    framesOk: 1234,
    dataFrames: 1200,
    checksumErrors: 0,
    malformed: 0,
    noiseLines: 11,
    rejectedByReason: {},
    seqGaps: 0,
    missingFrames: 0,
    duplicateFrames: 0,
    reboots: 0,
    bytesTotal: 120_000,
    bytesPerS: 1180,
    lastFrameMs: 0,
    lastDataMs: 0,
    lastDataAgeMs: 80,
    heldForHello: 0,
    droppedWithoutHello: 0,
    pingRttMs: 4.2,
    commandsSent: 10,
    commandTimeouts: 0,
    ...health,
  },
  ...over,
});

describe('device wording', () => {
  it('never shows a stale or lost link as fine', () => {
    expect(linkTone(link())).toBe('ok');
    expect(linkTone(link({ stale: true }))).toBe('error');
    expect(linkTone(link({ state: 'disconnected' }))).toBe('warn');
    expect(linkStateText(link({ state: 'disconnected', stale: true }))).toBe(
      'Disconnected — reconnecting · data stale',
    );
    expect(linkStateText(link({ state: 'waiting-hello' }))).toBe('Waiting for the device’s hello');
  });

  it('formats rates', () => {
    expect(formatBytesPerS(512)).toBe('512 B/s');
    expect(formatBytesPerS(1180)).toBe('1.18 kB/s');
    expect(formatBytesPerS(123_456)).toBe('123.5 kB/s');
    expect(formatBytesPerS(null)).toBe('—');
  });

  it('lists the health figures, colouring only problems, with the age kept growing between pushes', () => {
    const f = healthFigures(link({}, { seqGaps: 2, missingFrames: 7, checksumErrors: 1 }), 10_500, 10_000);
    const by = Object.fromEntries(f.map((x) => [x.key, x]));
    expect(by.last).toMatchObject({ value: '0.6 s ago' });
    expect(by.gaps).toMatchObject({ value: '2 (7 missing)', tone: 'warn' });
    expect(by.crc).toMatchObject({ value: '1', tone: 'warn' });
    expect(by.ok!.tone).toBeUndefined();
    expect(by.ping!.value).toBe('4 ms');
    expect(healthFigures(link({ kind: 'sim' }), 0, 0).some((x) => x.key === 'ping')).toBe(false);
    expect(healthFigures(link({}, { lastDataAgeMs: null }), 0, 0)[0]!.value).toBe('none yet');
  });

  it('collects the device ids whose values are stale', () => {
    expect([
      ...staleDeviceIds([link(), link({ deviceId: 'B', stale: true }), link({ deviceId: null, stale: true })]),
    ]).toEqual(['B']);
    expect(staleDeviceIds(null).size).toBe(0);
  });

  it('describes a device in one line', () => {
    expect(deviceSubtitle(link())).toBe('/dev/ttyUSB0 @ 115200 · fw 1.2.0 · 4 cells · 100 ms period');
  });

  it('names a simulated rig by its scenario, speed-up, seed and simulated clock', () => {
    const sim = link({
      spec: 'sim:oven?speed=600&seed=5',
      kind: 'sim',
      label: 'Simulated rig: Oven (thermal abuse)',
      path: null,
      baud: null,
      deviceId: 'SIM-OVEN',
      fwVersion: 'sim-2.0.0',
      cellCount: 1,
      periodMs: 1000,
      sim: {
        scenario: 'oven',
        title: 'Oven (thermal abuse)',
        speed: 600,
        seed: 5,
        cells: 1,
        simTimeS: 1764.2,
        relayOpen: false,
      },
    });
    expect(simSummary(sim)).toBe('oven — Oven (thermal abuse) · 600× · seed 5 · t = 29:24');
    expect(deviceSubtitle(sim)).toBe('fw sim-2.0.0 · 1 cell · 1 s period');
    expect(simSummary(link())).toBeNull();
    expect(formatSimTime(12.7)).toBe('12 s');
    expect(formatSimTime(7509)).toBe('2:05:09');
    expect(formatSpeed(0.5)).toBe('0.5×');
  });

  it('labels ports and suggests a free recognised rig first', () => {
    const port = (over: Partial<SerialPortInfo>): SerialPortInfo => ({
      path: '/dev/ttyS0',
      byIdPath: null,
      manufacturer: null,
      product: null,
      serialNumber: null,
      vendorId: null,
      productId: null,
      location: null,
      rig: null,
      inUseBy: null,
      ...over,
    });
    const cp = port({
      path: '/dev/ttyUSB0',
      manufacturer: 'Silicon Labs',
      product: 'CP2102N USB to UART Bridge Controller',
      vendorId: '10c4',
      productId: 'ea60',
      serialNumber: '0001',
      rig: { vendor: 'Silicon Labs', chip: 'CP2102/CP2104' },
    });
    expect(portLabel(cp)).toBe(
      '/dev/ttyUSB0 — Silicon Labs CP2102N USB to UART Bridge Controller — [10c4:ea60] — SN 0001',
    );
    expect(portLabel(port({}))).toBe('/dev/ttyS0');
    expect(suggestedPort([port({}), cp])).toBe(cp);
    expect(suggestedPort([port({}), { ...cp, inUseBy: 'serial:/dev/ttyUSB0@115200' }])!.path).toBe('/dev/ttyS0');
    // The suggestion fills the port field until the operator chooses; after that their entry stands,
    // even a field they emptied to type a path into as the list arrived.
    expect(portFieldAfterListing({ path: '', chosen: false }, [port({}), cp])).toBe('/dev/ttyUSB0');
    expect(portFieldAfterListing({ path: '/dev/ttyS0', chosen: false }, [port({}), cp])).toBe('/dev/ttyUSB0');
    expect(portFieldAfterListing({ path: '', chosen: true }, [port({}), cp])).toBe('');
    expect(portFieldAfterListing({ path: '/tmp/rig', chosen: true }, [cp])).toBe('/tmp/rig');
    expect(portFieldAfterListing({ path: '', chosen: false }, [])).toBe('');
  });
});

describe('the devices panel wording', () => {
  it('rounds a scenario length to minutes below an hour and to tenths of hours above', () => {
    expect(scenarioDurationText(2400)).toBe('40 min');
    expect(scenarioDurationText(3599)).toBe('60 min');
    expect(scenarioDurationText(3600)).toBe('1 h');
    expect(scenarioDurationText(9000)).toBe('2.5 h');
  });

  it('counts only real rigs before switching to the simulator', () => {
    expect(serialRigCount(null)).toBe(0);
    expect(
      serialRigCount([link(), link({ spec: 'serial:/dev/ttyUSB1@115200' }), link({ kind: 'sim', spec: 'sim' })]),
    ).toBe(2);
  });

  it('names the simulator and the same port as what a serial connect replaces, no other rig', () => {
    const sim = link({ kind: 'sim', spec: 'sim:oven', path: null });
    const same = link();
    const moved = link({ spec: 'serial:/dev/ttyACM0@9600', path: '/dev/ttyACM1' });
    const other = link({ spec: 'serial:/dev/ttyUSB1@115200', path: '/dev/ttyUSB1' });
    expect(linksReplacedBySerial(null, '/dev/ttyUSB0')).toEqual([]);
    expect(linksReplacedBySerial([sim, same, moved, other], '/dev/ttyUSB0')).toEqual([sim, same]);
    expect(linksReplacedBySerial([sim, same, moved, other], '/dev/ttyACM0')).toEqual([sim, moved]);
    expect(linksReplacedBySerial([other], '/dev/ttyUSB0')).toEqual([]);
  });

  it('joins what the USB descriptor says, skipping what it does not', () => {
    const usb: NonNullable<DeviceLinkInfo['usb']> = {
      path: '/dev/ttyUSB0',
      byIdPath: '/dev/serial/by-id/usb-Silicon_Labs_CP2102N_0001-if00-port0',
      manufacturer: 'Silicon Labs',
      product: 'CP2102N',
      serialNumber: '0001',
      vendorId: '10c4',
      productId: 'ea60',
      location: null,
      rig: { vendor: 'Silicon Labs', chip: 'CP2102/CP2104' },
    };
    expect(usbText(usb)).toBe(
      'Silicon Labs · CP2102N · SN 0001 · /dev/serial/by-id/usb-Silicon_Labs_CP2102N_0001-if00-port0',
    );
    expect(usbText({ ...usb, manufacturer: null, serialNumber: null, byIdPath: null })).toBe('CP2102N');
  });
});

describe('dataAgeMs', () => {
  it('keeps counting from the age the core pushed, and never runs backwards', () => {
    expect(dataAgeMs(link({}, { lastDataAgeMs: 80 }), 10_500, 10_000)).toBe(580);
    // A clock that reads earlier than the push (a late render) adds nothing.
    expect(dataAgeMs(link({}, { lastDataAgeMs: 80 }), 9_000, 10_000)).toBe(80);
    expect(dataAgeMs(link({}, { lastDataAgeMs: null }), 10_500, 10_000)).toBeNull();
  });
});
