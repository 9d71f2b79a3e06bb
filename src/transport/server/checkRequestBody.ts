import type { IncomingHttpHeaders } from 'node:http';

/** Whether a Content-Type names XML (`text/xml` or `application/xml`, any parameters). */
function isXmlContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType.startsWith('text/xml') || contentType.startsWith('application/xml')) return true;
  const lower = contentType.toLowerCase().trimStart();
  return lower.startsWith('text/xml') || lower.startsWith('application/xml');
}

/** {@link checkRequestBody}: the body may be read as it comes. */
export const PLAIN_BODY = 0;
/** {@link checkRequestBody}: the body may be read, then inflated (`Content-Encoding: gzip`). */
export const GZIP_BODY = 1;

/**
 * Checks the headers that say what a POST's body will be, before reading it:
 * an XML content type (unless `acceptAnyContentType`), no encoding but gzip or
 * identity, a length (`Content-Length` or chunked), and a declared length
 * within `maxBodyBytes` (the streamed size is checked again while reading).
 * Gives {@link PLAIN_BODY}, {@link GZIP_BODY}, or the HTTP status to refuse
 * with: 415, 411, or 413 (which must close the connection). A number, so the
 * hot path allocates nothing.
 */
export function checkRequestBody(
  headers: IncomingHttpHeaders,
  maxBodyBytes: number,
  acceptAnyContentType: boolean,
): number {
  if (!acceptAnyContentType && !isXmlContentType(headers['content-type'])) return 415;
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
