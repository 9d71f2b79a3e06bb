import { resolveTlsOptions, ServerError, XmlRpcServer } from '../transport/index.js';
import type { XmlRpcServerOptions } from '../transport/index.js';

interface SharedServer {
  readonly server: XmlRpcServer;
  readonly ready: Promise<unknown>;
  refs: number;
}

/**
 * The process-wide table of servers by `host:port`, so exporters on one port
 * share one listener (dispatched by path). Port 0 is never shared: each such
 * exporter gets its own free port.
 */
const servers = new Map<string, SharedServer>();

/** Server options that apply to every server made here unless the exporter sets them. */
type ServerDefaults = Pick<XmlRpcServerOptions, 'health' | 'readiness'>;
let defaults: ServerDefaults = {};

/**
 * Sets the server options every later `acquireServer` applies unless the
 * exporter sets them itself: how `spindle run` turns health endpoints on for
 * the servers its context starts, all following one process readiness.
 * @internal
 */
export function setServerDefaults(options: ServerDefaults): void {
  defaults = options;
}

function keyOf(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

/**
 * A listening server for `options.host:options.port`: the existing one (same
 * TLS required, else `SPINDLE_SERVER_CONFLICT`) or a new one. The server-level
 * options (limits, logger) of the first exporter on a port are the ones used.
 * Pair every call with `releaseServer`.
 */
export async function acquireServer(
  options: XmlRpcServerOptions & { host: string; port: number },
): Promise<XmlRpcServer> {
  options = { ...defaults, ...options };
  if (options.port === 0) {
    const server = new XmlRpcServer(options);
    await server.listen();
    return server;
  }
  const key = keyOf(options.host, options.port);
  let shared = servers.get(key);
  if (shared === undefined) {
    const server = new XmlRpcServer(options);
    shared = { server, ready: server.listen(), refs: 0 };
    servers.set(key, shared);
    const entry = shared;
    entry.ready.catch(() => {
      if (servers.get(key) === entry) servers.delete(key);
    });
  } else {
    const probe = options.tls === undefined ? undefined : resolveTlsOptions(options.tls).fingerprint;
    if (probe !== shared.server.tlsFingerprint) {
      throw new ServerError(
        'SPINDLE_SERVER_CONFLICT',
        `exporters on ${options.host}:${options.port} disagree about TLS; one port has one TLS configuration`,
      );
    }
  }
  shared.refs++;
  try {
    await shared.ready;
  } catch (error) {
    shared.refs--;
    throw error;
  }
  return shared.server;
}

/** Gives back a server from `acquireServer`; the last user closes it (gracefully). */
export async function releaseServer(server: XmlRpcServer): Promise<void> {
  for (const [key, shared] of servers) {
    if (shared.server !== server) continue;
    shared.refs--;
    if (shared.refs > 0) return;
    servers.delete(key);
    break;
  }
  await server.close();
}
