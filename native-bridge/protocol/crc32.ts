/**
 * CRC-32/ISO-HDLC (the zlib/Ethernet CRC), the checksum of protocol v1 frames.
 * Table-driven because the decoder runs on every byte of a 10 Hz × N-device stream.
 */

/** The byte table, shared with the decoder's single pass over a line. */
export const CRC32_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC of the char codes of `s` from `start` to `end` (exclusive); callers pass ASCII only. */
export function crc32Ascii(s: string, start = 0, end = s.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC32_TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function crc32Hex(s: string, start = 0, end = s.length): string {
  return crc32Ascii(s, start, end).toString(16).toUpperCase().padStart(8, '0');
}
