import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileChunks } from './file-chunks.js';

async function readAll(blob: Blob, bytes: number) {
  const parts: { text: string; done: number }[] = [];
  for await (const c of fileChunks(blob, bytes)) parts.push(c);
  return parts;
}

describe('fileChunks', () => {
  it('never cuts a multi-byte character at a chunk boundary', async () => {
    // "°" is 2 bytes, "€" 3 and "🔥" 4: with 1-byte chunks every one of them is split.
    const text = 't,°C\n1,23.5°\n2,€🔥\n';
    const parts = await readAll(new Blob([text]), 1);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.at(-1)!.done).toBe(new TextEncoder().encode(text).length);
  });

  it('gives back the exact text, with progress rising to the size, for any text and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 1, max: 9 }),
        async (text, bytes) => {
          const blob = new Blob([text]);
          const parts = await readAll(blob, bytes);
          expect(parts.map((p) => p.text).join('')).toBe(text);
          expect(parts).toHaveLength(Math.ceil(blob.size / bytes));
          const done = parts.map((p) => p.done);
          expect(done).toEqual([...done].sort((a, b) => a - b));
          if (blob.size > 0) expect(done.at(-1)).toBe(blob.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('yields nothing for an empty file', async () => {
    expect(await readAll(new Blob([]), 4)).toEqual([]);
  });
});
