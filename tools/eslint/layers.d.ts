/** Types of layers.js, for the TypeScript that reads the table (the layering test). */
export interface NativeBridgeLayer {
  folder: string;
  layer: number;
  imports: string[];
  packages: string[];
}
export interface ShellZone {
  zone: string;
  prefix: string;
  nativeBridge: string[];
  packages: string[];
}
export const NATIVE_BRIDGE_LAYERS: NativeBridgeLayer[];
export const SHELL_ZONES: ShellZone[];
export const TOOL_FOLDERS: string[];
