import { gunzip, inflate } from 'node:zlib';

import { TransportError } from '../../rpc/index.js';

/** The error for a response over the client's `maxResponseBytes`. */
export function responseTooLarge(url: string, maxBytes: number): TransportError {
  return new TransportError(
    'SPINDLE_CLIENT_RESPONSE_TOO_LARGE',
    `${url}: response larger than maxResponseBytes (${maxBytes} bytes)`,
    'unknown',
    url,
  );
}

/**
 * Undoes the response's `Content-Encoding` (gzip or deflate; identity is
 * handed back as is). Inflation stops as soon as the output passes `maxBytes`,
 * so a gzip bomb costs at most `maxBytes` of memory.
 */
export function inflateBody(
  body: Buffer,
  contentEncoding: string | undefined,
  url: string,
  maxBytes: number,
  onDone: (error: TransportError | undefined, body?: Buffer) => void,
): void {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    onDone(undefined, body);
    return;
  }
  const method =
    encoding === 'gzip' || encoding === 'x-gzip' ? gunzip : encoding === 'deflate' ? inflate : undefined;
  if (method === undefined) {
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
  method(body, { maxOutputLength: Math.max(1, maxBytes) }, (error, inflated) => {
    if (error === null) {
      onDone(undefined, inflated);
    } else if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      onDone(responseTooLarge(url, maxBytes));
    } else {
      onDone(
        new TransportError(
          'SPINDLE_CLIENT_BAD_RESPONSE',
          `${url}: cannot inflate the response`,
          'unknown',
          url,
          {
            cause: error,
          },
        ),
      );
    }
  });
}
