/**
 * A large CSV import made at test time (never committed): the minimal format, 4 cells per time step
 * at 10 Hz, with plausible drifting values, written to a temp folder until it reaches `bytes`.
 */
import { createWriteStream } from 'node:fs';

export interface BigCsv {
  path: string;
  bytes: number;
  rows: number;
  frames: number;
}

export async function writeBigCsv(
  path: string,
  bytes: number,
  cells = 4,
  t0Ms = Date.UTC(2024, 0, 1),
): Promise<BigCsv> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  let frames = 0;
  const write = (s: string) =>
    new Promise<void>((resolve) => {
      written += s.length;
      if (out.write(s)) resolve();
      else out.once('drain', resolve);
    });
  await write('time,cell,temperature,voltage,current\n');
  while (written < bytes) {
    let block = '';
    for (let k = 0; k < 500; k++, frames++) {
      const t = t0Ms + frames * 100;
      for (let c = 1; c <= cells; c++, rows++) {
        const temp = 25 + 5 * Math.sin(frames / 5000 + c) + (frames % 7) * 0.01;
        const volt = 3.6 + 0.3 * Math.cos(frames / 8000 + c);
        block += `${t},${c},${temp.toFixed(2)},${volt.toFixed(3)},${(2 * Math.sin(frames / 3000)).toFixed(3)}\n`;
      }
    }
    await write(block);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { path, bytes: written, rows, frames };
}
