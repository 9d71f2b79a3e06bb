import { STATUS_CODES } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** Bodies of the plain-text error replies, built once. */
const BODIES = new Map<number, Buffer>();

/** What a status means when Spindle sends it, where the reason phrase alone does not say. */
const MEANINGS: Readonly<Record<number, string>> = {
  403: ': the client certificate is not accepted; nothing ran',
};

function bodyOf(status: number): Buffer {
  let body = BODIES.get(status);
  if (body === undefined) {
    body = Buffer.from(`${status} ${STATUS_CODES[status] ?? 'Error'}${MEANINGS[status] ?? ''}\n`, 'utf8');
    BODIES.set(status, body);
  }
  return body;
}

/**
 * Answers with an HTTP error: a short text body, its Content-Length, and
 * `Connection: close` when the rest of the request must not be read (413, 400).
 */
export function replyStatus(
  res: ServerResponse,
  status: number,
  extraHeaders: readonly string[] = [],
  close = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const body = bodyOf(status);
  const headers = [
    'Content-Type',
    'text/plain; charset=utf-8',
    'Content-Length',
    String(body.length),
    ...extraHeaders,
  ];
  if (close) {
    headers.push('Connection', 'close');
    res.shouldKeepAlive = false;
  }
  res.writeHead(status, headers);
  res.end(body);
}

/** Header lists of plain `text/xml` answers by body length (writeHead only reads them). */
const PLAIN_HEADERS = new Map<number, readonly string[]>();
/** Distinct lengths kept; past this the table starts over, so odd lengths cannot grow it. */
const MAX_PLAIN_HEADERS = 1024;

/** `Content-Type: text/xml` and `Content-Length: length`, as a header list built once per length. */
export function plainXmlHeaders(length: number): readonly string[] {
  let headers = PLAIN_HEADERS.get(length);
  if (headers === undefined) {
    if (PLAIN_HEADERS.size >= MAX_PLAIN_HEADERS) PLAIN_HEADERS.clear();
    headers = ['Content-Type', 'text/xml', 'Content-Length', String(length)];
    PLAIN_HEADERS.set(length, headers);
  }
  return headers;
}

/** Whether the client accepts a gzip response (`gzip` listed without `q=0`). */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  const accept = headers['accept-encoding'];
  if (accept === undefined) return false;
  const at = accept.indexOf('gzip');
  if (at < 0) return false;
  const comma = accept.indexOf(',', at);
  const params = accept.slice(at + 4, comma < 0 ? undefined : comma);
  const q = params.indexOf('q=');
  return q < 0 || Number(params.slice(q + 2).trim()) > 0;
}
