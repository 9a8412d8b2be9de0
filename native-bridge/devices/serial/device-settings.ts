/**
 * The remembered device choice: a small JSON file in the data folder, so the next start reconnects to
 * the same rig (matched by USB serial number and device id, not only by path). Written atomically —
 * a temporary file, fsync, rename — so a crash mid-write leaves the old choice, never half a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../../store/atomic-file.js';

export const DEVICE_SETTINGS_FILE = 'devices.json';

const rememberedSerialSchema = z.object({
  kind: z.literal('serial'),
  path: z.string().min(1),
  baud: z.number().int().positive(),
  serialNumber: z.string().nullable().default(null),
  vendorId: z.string().nullable().default(null),
  productId: z.string().nullable().default(null),
  location: z.string().nullable().default(null),
  deviceId: z.string().nullable().default(null),
});
const rememberedSimSchema = z.object({ kind: z.literal('sim'), spec: z.string().default('sim') });

export const deviceSettingsSchema = z.object({
  version: z.literal(1),
  devices: z.array(z.discriminatedUnion('kind', [rememberedSerialSchema, rememberedSimSchema])),
});

export type RememberedSerial = z.infer<typeof rememberedSerialSchema>;
export type RememberedDevice = z.infer<typeof deviceSettingsSchema>['devices'][number];
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

export type LoadResult = { ok: true; settings: DeviceSettings | null } | { ok: false; error: string };

/** `settings: null` when nothing was remembered yet. A damaged file is reported, not thrown. */
export function loadDeviceSettings(dataDir: string): LoadResult {
  const path = join(dataDir, DEVICE_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, settings: null };
    return { ok: false, error: `Cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const parsed = deviceSettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { ok: true, settings: parsed.data };
    return {
      ok: false,
      error: `${path} is not a device settings file (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    };
  } catch (e) {
    return { ok: false, error: `${path} is damaged (${(e as Error).message})` };
  }
}

export function saveDeviceSettings(dataDir: string, settings: DeviceSettings): void {
  writeFileAtomically(
    join(dataDir, DEVICE_SETTINGS_FILE),
    `${JSON.stringify(deviceSettingsSchema.parse(settings), null, 2)}\n`,
  );
}
