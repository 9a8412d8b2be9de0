/** The History chart's colours: grid and ticks, alarm severities, and translucent fills from a hex colour. */

export { CHART_GRID as GRID, CHART_TICK as TICK } from '../../live/chart-setup.js';

export const SEVERITY_COLOR: Record<string, string> = {
  info: '#6b7683',
  warning: '#d97706',
  alarm: '#ea580c',
  critical: '#c62828',
};

/** `#rrggbb` with an opacity, as chart.js and the canvas take it. */
export function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
