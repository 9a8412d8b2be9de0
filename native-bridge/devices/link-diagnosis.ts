/**
 * Says what is wrong with a port that delivers no valid frame: nothing at all, garbled bytes (the
 * wrong baud rate), text in another protocol, or frames of another protocol version. Pure: reads the
 * link's per-connection figures. The ESP32 ROM prints a boot log before the firmware starts, so text
 * alone is only suspicious after a while.
 */
import type { ConnectionStats } from './device-link.js';
import { WRONG_BAUD_MESSAGE } from './serial/serial-errors.js';

export interface DiagnosisTiming {
  /** Silence before "no bytes at all" is said. */
  silentMs: number;
  /** Garbage before "check the baud rate" is said. */
  garbledMs: number;
  /** Text-but-no-frames before "another protocol" is said (longer: a boot log is text too). */
  textMs: number;
}

export const DEFAULT_DIAGNOSIS_TIMING: DiagnosisTiming = { silentMs: 5000, garbledMs: 2000, textMs: 5000 };

export function diagnoseConnection(
  s: Readonly<ConnectionStats>,
  nowMs: number,
  baud: number,
  timing: DiagnosisTiming = DEFAULT_DIAGNOSIS_TIMING,
): string | null {
  if (s.validFrames > 0) return null;
  const age = nowMs - s.startedMs;
  const secs = (ms: number) => `${Math.round(ms / 1000)} s`;
  if (s.bytes === 0)
    return age >= timing.silentMs
      ? `No bytes from the device in ${secs(age)}: is the firmware running, and is this the rig's port?`
      : null;
  const r = s.rejects;
  const garbled =
    (s.scanned >= 32 && s.nonPrintable / s.scanned > 0.05) || (r.bad_charset ?? 0) > 0 || (r.too_long ?? 0) > 0;
  if (garbled && age >= timing.garbledMs && s.bytes >= 64)
    return `${WRONG_BAUD_MESSAGE} (open at ${baud} baud, receiving garbled bytes; the rig's firmware uses 115200 unless changed).`;
  const version = /^\$?EVB(\d+),/.exec(s.sampleLine?.slice(s.sampleLine.lastIndexOf('$')) ?? '');
  if ((r.unknown_version ?? 0) > 0 && version && version[1] !== '1')
    return `The device speaks protocol version ${version[1]}; this station understands version 1. Update the station or flash matching firmware.`;
  if ((r.checksum_mismatch ?? 0) >= 3 && s.lines >= 3)
    return 'Frames arrive but fail their checksum: a noisy cable, a bad USB hub, or a baud rate just off the device’s.';
  if (age >= timing.textMs && s.lines >= 2) {
    const sample = s.sampleLine ? ` First line: "${s.sampleLine.slice(0, 80)}"` : '';
    return `The device sends text but no protocol v1 frames: it speaks another protocol or runs other firmware.${sample}`;
  }
  return null;
}
