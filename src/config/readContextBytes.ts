import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

import { formatBytes } from './ContextLimits.js';

/** The bytes of a context file, or why they could not be had (a whole sentence). */
export type ContextBytes =
  { readonly bytes: Buffer } | { readonly missing: string } | { readonly tooLarge: string };

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a context file, refusing one that is not a regular file (a FIFO,
 * directory or device) before opening it, since opening a FIFO waits for a
 * writer and `spindle check` would hang; and refusing one larger than
 * `maxBytes`: first by its size, before anything is read, then while reading,
 * so a file that grows stops one chunk past the bound instead of filling memory.
 */
export async function readContextBytes(file: string, maxBytes: number): Promise<ContextBytes> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    return { missing: unreadable(file, error) };
  }
  if (!stats.isFile()) return { missing: notRegular(file, stats) };
  let handle;
  try {
    // O_NONBLOCK: should the path become a FIFO between stat and open, open
    // still returns at once and the check on the handle below refuses it.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { missing: unreadable(file, error) };
  }
  const tooLarge = (size: string): ContextBytes => ({
    tooLarge: `context file '${file}' is too large (${size}): the limit is ${formatBytes(maxBytes)}`,
  });
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { missing: notRegular(file, opened) };
    const { size } = opened;
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

function notRegular(file: string, stats: Stats): string {
  const kind = stats.isDirectory()
    ? 'a directory'
    : stats.isFIFO()
      ? 'a named pipe (FIFO)'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : 'a special file';
  return `context file '${file}' is ${kind}, not a regular file: a context file must be a regular file`;
}
