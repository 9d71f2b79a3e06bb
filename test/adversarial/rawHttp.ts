/**
 * The requests the adversarial suite sends with `rawExchange`
 * (test/helpers/rawHttp.ts): POSTs to the target service and the XML-RPC
 * bodies inside them.
 */
import { gzipSync } from 'node:zlib';

import type { RawPlan } from '../helpers/rawHttp.js';

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Options of `post`. */
export interface PostOptions {
  readonly path?: string;
  /** `null` leaves the header out. @default "text/xml" */
  readonly contentType?: string | null;
  /** Gzip the body and say so. @default false */
  readonly gzip?: boolean;
  /** Extra header lines, each without CRLF. @default [] */
  readonly headers?: readonly string[];
}

/** The path every attack targets. */
export const SERVICE_PATH = '/Target';

/** A complete POST of `body` as one part. */
export function post(body: Buffer | string, options: PostOptions = {}): RawPlan {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const payload = options.gzip === true ? gzipSync(raw) : raw;
  const lines = [`POST ${options.path ?? SERVICE_PATH} HTTP/1.1`, 'Host: 127.0.0.1'];
  const contentType = options.contentType === undefined ? 'text/xml' : options.contentType;
  if (contentType !== null) lines.push(`Content-Type: ${contentType}`);
  if (options.gzip === true) lines.push('Content-Encoding: gzip');
  lines.push(...(options.headers ?? []), `Content-Length: ${payload.length}`, '', '');
  return { parts: [{ data: Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), payload]) }] };
}

/** A `<methodCall>` of `method` with `paramsXml` inside `<params>`. */
export function callXml(method: string, ...values: string[]): string {
  const params = values.map((v) => `<param><value>${v}</value></param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
}

/** A `system.multicall` entry struct calling `method` with `paramsXml` values. */
export function multicallEntry(method: string, ...values: string[]): string {
  const params = values.map((v) => `<value>${v}</value>`).join('');
  return (
    `<value><struct><member><name>methodName</name><value><string>${method}</string></value></member>` +
    `<member><name>params</name><value><array><data>${params}</data></array></value></member></struct></value>`
  );
}

/** A `system.multicall` call of the given entry structs. */
export function multicallXml(entries: readonly string[] | string): string {
  const data = typeof entries === 'string' ? entries : entries.join('');
  return callXml('system.multicall', `<array><data>${data}</data></array>`);
}
