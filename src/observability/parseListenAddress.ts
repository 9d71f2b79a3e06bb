import { SpindleError } from '../common/index.js';

/** Where an observability endpoint listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads `host:port`, `[v6]:port` or a bare `port` (then on 127.0.0.1, so
 * metrics and status are not shown to the network unasked). Port 0 picks a
 * free port.
 */
export function parseListenAddress(text: string, option: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port > 65535) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `${option} expects host:port (e.g. 127.0.0.1:9464), got '${text}'`,
    );
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '127.0.0.1' : host, port };
}
