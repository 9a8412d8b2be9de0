/** Protocol v1: the one definition of the rig's wire format on the station side. */
export * from './frame-types.js';
export { crc32Ascii, crc32Hex } from './crc32.js';
export { encodeFrame, FrameEncodeError } from './frame-encoder.js';
export { decodeLine } from './frame-decoder.js';
