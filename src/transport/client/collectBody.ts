import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

import { TransportError } from '../TransportError.js';

/**
 * Reads a 200 response body into one Buffer, inflating gzip/deflate, and
 * failing as soon as the (inflated) size passes `maxBytes`: a huge body or a
 * gzip bomb costs at most `maxBytes` of memory.
 */
export function collectBody(
  response: IncomingMessage,
  url: string,
  maxBytes: number,
  onDone: (error: unknown, body?: Buffer) => void,
): void {
  const tooLarge = (): TransportError =>
    new TransportError(
      'SPINDLE_CLIENT_RESPONSE_TOO_LARGE',
      `${url}: response larger than maxResponseBytes (${maxBytes} bytes)`,
      'unknown',
      url,
    );
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    onDone(tooLarge());
    return;
  }
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let source: Readable = response;
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    source = response.pipe(createGunzip());
  } else if (encoding === 'deflate') {
    source = response.pipe(createInflate());
  } else if (encoding !== 'identity' && encoding !== '') {
    onDone(
      new TransportError(
        'SPINDLE_CLIENT_BAD_RESPONSE',
        `${url}: unsupported Content-Encoding '${encoding}'`,
        'unknown',
        url,
      ),
    );
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: unknown, body?: Buffer): void => {
    if (finished) return;
    finished = true;
    onDone(error, body);
  };
  source.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      if (source !== response) source.destroy();
      finish(tooLarge());
      return;
    }
    chunks.push(chunk);
  });
  source.on('end', () => {
    const [only] = chunks;
    finish(undefined, chunks.length === 1 && only !== undefined ? only : Buffer.concat(chunks, size));
  });
  source.on('error', (error: unknown) => {
    finish(
      source === response
        ? error
        : new TransportError(
            'SPINDLE_CLIENT_BAD_RESPONSE',
            `${url}: cannot inflate the response`,
            'unknown',
            url,
            {
              cause: error,
            },
          ),
    );
  });
  if (source !== response)
    response.on('error', (error: unknown) => {
      finish(error);
    });
}

/** Reads at most `limit` bytes of an error response as text, then gives up on the rest. */
export function collectStart(response: IncomingMessage, limit: number, onDone: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    onDone(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
  };
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) finish();
  });
  response.on('end', finish);
  response.on('error', finish);
  response.on('close', finish);
}
