import type { ServerResponse } from 'node:http';

import type { ReadinessState } from './Readiness.js';

/** Liveness: 200 while the process answers HTTP at all. */
export const HEALTHZ_PATH = '/healthz';
/** Readiness: 200 only while the server listens, is not closing and its process is ready. */
export const READYZ_PATH = '/readyz';

/** Whether `path` is one of the two health paths (a service cannot be exported there when health is on). */
export function isHealthPath(path: string): boolean {
  return path === HEALTHZ_PATH || path === READYZ_PATH;
}

const HEADERS_NO_STORE = ['Content-Type', 'text/plain; charset=utf-8', 'Cache-Control', 'no-store'];

/**
 * Answers a health probe with a one-word body (`ok`, `starting`, `draining`,
 * `closing`): 200 for `ok`, else 503. A HEAD gets the same status and headers
 * without the body. No auth, no dispatcher, no call metrics: probes carry no
 * credentials and are not calls.
 */
export function replyHealth(
  res: ServerResponse,
  head: boolean,
  state: ReadinessState | 'closing' | 'ok',
): void {
  const body = Buffer.from(`${state === 'ready' ? 'ok' : state}\n`, 'utf8');
  const status = state === 'ok' || state === 'ready' ? 200 : 503;
  res.writeHead(status, [...HEADERS_NO_STORE, 'Content-Length', String(body.length)]);
  res.end(head ? undefined : body);
}
