/**
 * A file read in byte chunks and decoded as one UTF-8 stream, so an import never holds the whole file
 * and no character is cut where a chunk ends (a streaming decoder keeps a split sequence for the next).
 */

/** Each chunk's text, and how many bytes of the file are read so far. */
export async function* fileChunks(file: Blob, bytes = 256 * 1024): AsyncGenerator<{ text: string; done: number }> {
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < file.size; at += bytes) {
    const buf = await file.slice(at, at + bytes).arrayBuffer();
    yield { text: decoder.decode(buf, { stream: at + bytes < file.size }), done: Math.min(file.size, at + bytes) };
  }
}
