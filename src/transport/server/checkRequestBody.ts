import type { IncomingHttpHeaders } from 'node:http';

/** Whether a Content-Type names XML (`text/xml` or `application/xml`, any parameters). */
function isXmlContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType.startsWith('text/xml') || contentType.startsWith('application/xml')) return true;
  const lower = contentType.toLowerCase().trimStart();
  return lower.startsWith('text/xml') || lower.startsWith('application/xml');
}

/**
 * Whether a web browser sent the request: browsers add `Origin` to every POST
 * and `Sec-Fetch-Site` to every request; XML-RPC clients send neither.
 */
function fromBrowser(headers: IncomingHttpHeaders): boolean {
  return headers.origin !== undefined || headers['sec-fetch-site'] !== undefined;
}

/** {@link checkRequestBody}: the body may be read as it comes. */
export const PLAIN_BODY = 0;
/** {@link checkRequestBody}: the body may be read, then inflated (`Content-Encoding: gzip`). */
export const GZIP_BODY = 1;

/**
 * Checks the headers that say what a POST's body will be, before reading it:
 * no encoding but gzip or identity, a length (`Content-Length` or chunked),
 * and a declared length within `maxBodyBytes` (the streamed size is checked
 * again while reading). The body is read as XML whatever its Content-Type,
 * or without one, as CPython's server does (davexmlrpc sends none), except
 * from a web browser (unless `acceptAnyContentType`): a page on any site can
 * make a browser POST `text/plain`, a form type or no type at all to any
 * server it reaches, without a CORS preflight, so only an XML type (which
 * needs a preflight, and Spindle answers it 405) is taken from a browser.
 * Gives {@link PLAIN_BODY}, {@link GZIP_BODY}, or the HTTP status to refuse
 * with: 415, 411, or 413 (which must close the connection). A number, so the
 * hot path allocates nothing.
 */
export function checkRequestBody(
  headers: IncomingHttpHeaders,
  maxBodyBytes: number,
  acceptAnyContentType: boolean,
): number {
  if (!acceptAnyContentType && !isXmlContentType(headers['content-type']) && fromBrowser(headers)) return 415;
  const encoding = headers['content-encoding'];
  const gzipped = encoding === 'gzip' || encoding === 'x-gzip';
  if (encoding !== undefined && !gzipped && encoding !== 'identity') return 415;
  const length = headers['content-length'];
  if (length === undefined) {
    if (headers['transfer-encoding'] === undefined) return 411;
  } else if (Number(length) > maxBodyBytes) {
    return 413;
  }
  return gzipped ? GZIP_BODY : PLAIN_BODY;
}
