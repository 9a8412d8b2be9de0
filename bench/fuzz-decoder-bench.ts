/**
 * The decoder fuzz run for the benchmark record: 1,000,000 cases (valid frames, mutated frames, random
 * bytes, oversize lines) through decodeLine, and the same bytes as one chunked stream through the line
 * splitter and a device link. Counts what was accepted and refused, and fails on any crash, any
 * accepted line whose checksum zlib's CRC-32 disagrees with, or any mutated frame accepted as
 * something other than its original. `npx tsx bench/fuzz-decoder-bench.ts [cases] [seed]`.
 */
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DeviceLink } from '../native-bridge/devices/device-link.js';
import { decodeLine, type Frame } from '../native-bridge/protocol/index.js';
import { uniformStream } from '../native-bridge/sim/prng.js';
import { HandSource } from '../testing/hand-source.js';
import { LineSplitter } from '../native-bridge/devices/serial/line-splitter.js';
import { checksumHolds, int, mutate, oversizeLine, randomBytesLine, randomFrame } from '../testing/fuzz-cases.js';

export interface FuzzReport {
  cases: number;
  seed: number;
  byCategory: Record<'valid' | 'mutated' | 'random' | 'oversize', number>;
  accepted: number;
  acceptedMutated: number;
  rejectedByReason: Record<string, number>;
  crashes: number;
  /** Accepted lines whose CRC zlib disagrees with: must be 0. */
  wrongChecksumAccepted: number;
  /** Mutated lines accepted as a frame other than their original (a CRC-32 collision): expected 0. */
  mutatedAcceptedAsOther: number;
  /** Valid lines the decoder refused: must be 0. */
  validRefused: number;
  link: {
    lines: number;
    framesOk: number;
    dataFrames: number;
    checksumErrors: number;
    malformed: number;
    noise: number;
  };
  ms: number;
  casesPerS: number;
}

export async function runDecoderFuzz(cases = 1_000_000, seed = 20240601): Promise<FuzzReport> {
  const rand = uniformStream(seed);
  const r: FuzzReport = {
    cases,
    seed,
    byCategory: { valid: 0, mutated: 0, random: 0, oversize: 0 },
    accepted: 0,
    acceptedMutated: 0,
    rejectedByReason: {},
    crashes: 0,
    wrongChecksumAccepted: 0,
    mutatedAcceptedAsOther: 0,
    validRefused: 0,
    link: { lines: 0, framesOk: 0, dataFrames: 0, checksumErrors: 0, malformed: 0, noise: 0 },
    ms: 0,
    casesPerS: 0,
  };
  const src = new HandSource('serial:fuzz@115200', 'fuzz');
  const link = new DeviceLink(
    src,
    {
      onHello: () => undefined,
      onData: () => undefined,
      onDeviceEvent: () => undefined,
      onLinkEvent: () => undefined,
      onStateChange: () => undefined,
    },
    { watchdogIntervalMs: 0, maxHeldFrames: 100 },
  );
  src.state('streaming');
  const splitter = new LineSplitter((l) => {
    r.link.lines++;
    src.line(l);
  });
  let pending: string[] = [];
  let pendingBytes = 0;
  const flushStream = () => {
    const bytes = Buffer.from(pending.join(''), 'latin1');
    for (let at = 0; at < bytes.length;) {
      const n = int(rand, 1, 512);
      splitter.push(bytes.subarray(at, at + n));
      at += n;
    }
    pending = [];
    pendingBytes = 0;
  };
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const roll = rand();
    let line: string;
    let original: Frame | null = null;
    let category: keyof FuzzReport['byCategory'];
    if (roll < 0.2) {
      category = 'valid';
      ({ line, frame: original } = randomFrame(rand));
    } else if (roll < 0.75) {
      category = 'mutated';
      const f = randomFrame(rand);
      original = f.frame;
      line = mutate(rand, f.line).line;
    } else if (roll < 0.97) {
      category = 'random';
      line = randomBytesLine(rand);
    } else {
      category = 'oversize';
      line = oversizeLine(rand);
    }
    r.byCategory[category]++;
    try {
      const d = decodeLine(line);
      if (d.ok) {
        r.accepted++;
        if (!checksumHolds(line)) r.wrongChecksumAccepted++;
        if (category === 'mutated') {
          r.acceptedMutated++;
          if (!isDeepStrictEqual(d.frame, original)) r.mutatedAcceptedAsOther++;
        }
      } else {
        r.rejectedByReason[d.reason] = (r.rejectedByReason[d.reason] ?? 0) + 1;
        if (category === 'valid') r.validRefused++;
      }
    } catch {
      r.crashes++;
    }
    pending.push(line, '\n');
    pendingBytes += line.length + 1;
    if (pendingBytes > 256 * 1024) flushStream();
  }
  try {
    flushStream();
  } catch {
    r.crashes++;
  }
  r.ms = performance.now() - t0;
  r.casesPerS = (cases * 1000) / r.ms;
  const h = link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
  r.link = {
    lines: r.link.lines,
    framesOk: h.framesOk,
    dataFrames: h.dataFrames,
    checksumErrors: h.checksumErrors,
    malformed: h.malformed,
    noise: h.noiseLines,
  };
  link.dispose();
  return r;
}

/** The record's one-line verdict: zero crashes, zero bad accepts, zero valid refusals. */
export function fuzzPassed(r: FuzzReport): boolean {
  return r.crashes === 0 && r.wrongChecksumAccepted === 0 && r.mutatedAcceptedAsOther === 0 && r.validRefused === 0;
}

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 20240601);
  const r = await runDecoderFuzz(cases, seed);
  const pct = (n: number) => `${((n / r.cases) * 100).toFixed(1)} %`;
  console.log(
    `decoder fuzz: ${r.cases.toLocaleString('en-US')} cases, seed ${r.seed}, ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.casesPerS).toLocaleString('en-US')} cases/s)`,
  );
  for (const [k, v] of Object.entries(r.byCategory))
    console.log(`  ${k.padEnd(9)} ${v.toLocaleString('en-US').padStart(9)} (${pct(v)})`);
  console.log(`  accepted  ${r.accepted.toLocaleString('en-US').padStart(9)} (of which mutated: ${r.acceptedMutated})`);
  console.log(`  refused by reason: ${JSON.stringify(r.rejectedByReason)}`);
  console.log(`  link stream: ${JSON.stringify(r.link)}`);
  console.log(
    `  crashes ${r.crashes}, accepted with a wrong checksum ${r.wrongChecksumAccepted}, mutated accepted as another frame ${r.mutatedAcceptedAsOther}, valid refused ${r.validRefused}`,
  );
  console.log(fuzzPassed(r) ? 'PASS' : 'FAIL');
  if (!fuzzPassed(r)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();

/** For `npm run bench`: the 1,000,000-case run as a figure whose `ok` is the fuzz verdict. */
export async function runDecoderFuzzBench(
  cases = 1_000_000,
): Promise<{ label: string; value: number; unit: string; target: string; ok: boolean }[]> {
  const r = await runDecoderFuzz(cases);
  return [
    {
      label: `decoder + link fuzz: ${r.cases.toLocaleString('en-US')} cases (${r.byCategory.mutated.toLocaleString('en-US')} mutated, ${r.byCategory.random.toLocaleString('en-US')} random, ${r.byCategory.oversize.toLocaleString('en-US')} oversize); crashes ${r.crashes}, wrong-checksum accepts ${r.wrongChecksumAccepted}, mutated accepted as another frame ${r.mutatedAcceptedAsOther}`,
      value: r.casesPerS,
      unit: 'cases/s',
      target: 'no crash, no accepted frame with a wrong checksum',
      ok: fuzzPassed(r),
    },
  ];
}
