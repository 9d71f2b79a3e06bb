import { open } from 'node:fs/promises';

import { formatBytes } from './ContextLimits.js';

/** The bytes of a context file, or why they could not be had (a whole sentence). */
export type ContextBytes =
  { readonly bytes: Buffer } | { readonly missing: string } | { readonly tooLarge: string };

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a context file, refusing one larger than `maxBytes`: first by its
 * size, before anything is read, then while reading, so a file that grows or
 * a device with no size (`/dev/zero`) stops one chunk past the bound instead
 * of filling memory.
 */
export async function readContextBytes(file: string, maxBytes: number): Promise<ContextBytes> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { missing: unreadable(file, error) };
  }
  const tooLarge = (size: string): ContextBytes => ({
    tooLarge: `context file '${file}' is too large (${size}): the limit is ${formatBytes(maxBytes)}`,
  });
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return tooLarge(`${String(size)} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return tooLarge(`more than ${String(maxBytes)} bytes read`);
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { missing: unreadable(file, error) };
  } finally {
    await handle.close();
  }
}

function unreadable(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
  return `context file '${file}' ${why}`;
}
