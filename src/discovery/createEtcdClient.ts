import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type * as Etcd3Module from 'etcd3';
import type { CallContext, Etcd3, IOptions } from 'etcd3';

import { SpindleError } from '../common/index.js';
import type { EtcdConnectionOptions } from './EtcdConnectionOptions.js';
import { attachEndpointHealth, EndpointHealth, isStream } from './EndpointHealth.js';

type HostPolicyFactory = NonNullable<NonNullable<IOptions['faultHandling']>['host']>;
type HostPolicy = ReturnType<HostPolicyFactory>;
type WatchBackoff = NonNullable<NonNullable<IOptions['faultHandling']>['watchBackoff']>;

/**
 * etcd3 (with gRPC and protobufjs under it, about 0.2 s to load) is required
 * when the first client is made, not when this module is imported: the CLI's
 * `run` and the discovery classes import this file whether or not a context
 * uses etcd.
 */
let etcd3: typeof Etcd3Module | undefined;
function loadEtcd3(): typeof Etcd3Module {
  etcd3 ??= createRequire(import.meta.url)('etcd3') as typeof Etcd3Module;
  return etcd3;
}

/** Failures in a row after which an endpoint is skipped (etcd3's own default). */
const ENDPOINT_FAILURES = 3;
/** First reconnection delay of a cut watch, in milliseconds. */
const FIRST_RECONNECT_MS = 100;
/**
 * gRPC keepalive pings on every connection with a stream open: a member whose
 * packets are dropped is found dead (the connection closes, its streams fail
 * UNAVAILABLE and reconnect elsewhere) within about 8 s. Not more often: etcd
 * answers pings closer than its `--grpc-keepalive-min-time` (5 s) on an idle
 * stream with GOAWAY "too_many_pings".
 */
const GRPC_KEEPALIVE = { 'grpc.keepalive_time_ms': 5000, 'grpc.keepalive_timeout_ms': 3000 };

/** The endpoints as a list, `http://127.0.0.1:2379` when none are given. */
export function endpointList(endpoints: EtcdConnectionOptions['endpoints']): string[] {
  const list = typeof endpoints === 'string' ? endpoints.split(',') : [...(endpoints ?? [])];
  const trimmed = list.map((e) => e.trim()).filter((e) => e.length > 0);
  return trimmed.length > 0 ? trimmed : ['http://127.0.0.1:2379'];
}

/** PEM text as is, anything else read as a file path. */
function pem(value: string): Buffer {
  return Buffer.from(value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8'));
}

/**
 * etcd3's per-endpoint circuit breaker, with a shorter open time: after an
 * etcd outage the registry must be used again within about a second, not five.
 * Only etcd3's own "recoverable" errors (unavailable, deadline…) count.
 */
function endpointBreaker(host: string, retryMs: number, health: EndpointHealth): HostPolicy {
  let failures = 0;
  let openUntil = 0;
  // The last failure's own words (e.g. ECONNREFUSED), so "skipped" still says why.
  let lastCause = '';
  const policy = {
    execute: async <T>(fn: (context: object) => PromiseLike<T> | T): Promise<T> => {
      // Thrown before calling through, so etcd3 tries the next endpoint at once.
      if (health.skips(host)) {
        throw new Error(`etcd at ${host} is skipped: it stopped answering a stream`);
      }
      if (failures >= ENDPOINT_FAILURES && Date.now() < openUntil) {
        throw new Error(
          `etcd at ${host} is unreachable (${String(failures)} failures in a row, retried after ${String(retryMs)} ms; last: ${lastCause}); is etcd running there?`,
        );
      }
      try {
        const result = await fn({ signal: new AbortController().signal });
        if (isStream(result)) health.opened(result, host);
        failures = 0;
        return result;
      } catch (error) {
        if (error instanceof Error && loadEtcd3().isRecoverableError(error)) {
          failures += 1;
          // grpc-js appends an empty 'Resolution note:'; the rest (e.g. ECONNREFUSED) is the cause.
          lastCause = error.message.replace(/\.? *Resolution note: *$/, '');
          if (failures >= ENDPOINT_FAILURES) openUntil = Date.now() + retryMs;
        }
        throw error;
      }
    },
    onSuccess: () => ({ dispose: () => undefined }),
    onFailure: () => ({ dispose: () => undefined }),
  };
  return policy as unknown as HostPolicy;
}

/** Exponential delay with ±20 % jitter between watch reconnections, capped at `maxMs`. */
function watchBackoff(maxMs: number, delayMs = FIRST_RECONNECT_MS): WatchBackoff {
  const jittered = Math.min(maxMs, delayMs) * (0.8 + Math.random() * 0.4);
  return {
    duration: Math.round(jittered),
    next: () => watchBackoff(maxMs, Math.min(maxMs, delayMs * 2)),
  };
}

/**
 * An etcd3 client for Spindle's discovery: endpoints, TLS, user/password, a
 * deadline on every unary request (a black-holed etcd must not hang a
 * registration), and quicker recovery after an outage than etcd3's defaults.
 */
export function createEtcdClient(options: EtcdConnectionOptions): Etcd3 {
  const hosts = endpointList(options.endpoints);
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  if (!(requestTimeoutMs > 0)) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `requestTimeoutMs must be > 0, got ${String(requestTimeoutMs)}`,
    );
  }
  const tls = options.tls;
  const health = new EndpointHealth(hosts);
  const etcdOptions: IOptions = {
    hosts,
    grpcOptions: GRPC_KEEPALIVE,
    defaultCallOptions: (context: CallContext) =>
      context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs },
    faultHandling: {
      host: (host: string) => endpointBreaker(host, options.endpointRetryMs ?? 1000, health),
      watchBackoff: watchBackoff(options.maxReconnectDelayMs ?? 2000),
    },
    ...(tls === undefined
      ? {}
      : {
          credentials: {
            rootCertificate: pem(tls.ca),
            ...(tls.cert === undefined ? {} : { certChain: pem(tls.cert) }),
            ...(tls.key === undefined ? {} : { privateKey: pem(tls.key) }),
          },
        }),
    ...(options.auth === undefined
      ? {}
      : { auth: { username: options.auth.username, password: options.auth.password } }),
  };
  const client = new (loadEtcd3().Etcd3)(etcdOptions);
  attachEndpointHealth(client, health);
  return client;
}
