/**
 * One colour per cell, the same in every chart and legend. Okabe–Ito first (safe for the common
 * colour-vision deficiencies), then distinct extras for modules with more cells.
 */
const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#8C6D1F',
  '#4B4B4B',
  '#1B9E77',
  '#7570B3',
  '#E7298A',
  '#66A61E',
  '#A6761D',
  '#1F78B4',
  '#B15928',
  '#6A3D9A',
];

export function cellColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}
