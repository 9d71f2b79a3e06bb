import type { Etcd3 } from 'etcd3';

/** gRPC's UNAVAILABLE: the connection broke (a keepalive ping timed out, a reset, a refused dial). */
const GRPC_UNAVAILABLE = 14;

/**
 * How long an endpoint that stopped answering is skipped, in milliseconds:
 * long enough to cover a typical network partition, so a stream that moved
 * off it is not sent back to it at its next reconnection.
 */
export const SUSPECT_MS = 10_000;

/**
 * Which etcd endpoints of one client stopped answering, and on which endpoint
 * each of its streams was opened.
 *
 * An etcd member whose packets are dropped fails nothing fast: its TCP
 * connection stays "up", a stream opened on it just never answers, and etcd3
 * picks endpoints at random, so it may open the next stream on the same
 * member. A keep-alive watchdog (or a broken stream) marks the endpoint
 * suspect; the client's endpoint policy then skips it while another endpoint
 * is not suspect, the way etcd's Go client leaves an endpoint its gRPC
 * keepalive found dead.
 */
export class EndpointHealth {
  readonly #hosts: readonly string[];
  readonly #suspectUntil = new Map<string, number>();
  readonly #streamHosts = new WeakMap<object, string>();
  #lastStreamHost: string | undefined;

  public constructor(hosts: readonly string[]) {
    this.#hosts = hosts;
  }

  /** Skips `host` for `ms` milliseconds (while another endpoint is not skipped). */
  public suspect(host: string, ms = SUSPECT_MS): void {
    this.#suspectUntil.set(host, Date.now() + ms);
  }

  /**
   * Whether calls should avoid `host`: it is suspect and another endpoint is
   * less so (not suspect, or suspected earlier). Never all of them: when every
   * endpoint went silent, the one suspected longest ago is tried first (after
   * a leader is lost, followers stall only until the new election).
   */
  public skips(host: string): boolean {
    const until = (h: string): number => this.#suspectUntil.get(h) ?? 0;
    const mine = until(host);
    return mine > Date.now() && this.#hosts.some((h) => h !== host && until(h) < mine);
  }

  /** Records that `stream` was opened on `host`; a stream that breaks (UNAVAILABLE) makes its host suspect. */
  public opened(stream: StreamLike, host: string): void {
    this.#streamHosts.set(stream, host);
    this.#lastStreamHost = host;
    stream.on('error', (error: Error) => {
      if ('code' in error && error.code === GRPC_UNAVAILABLE) this.suspect(host);
    });
  }

  /** The endpoint the latest stream was opened on (a discovery's client has one stream: its watch). */
  public get lastStreamHost(): string | undefined {
    return this.#lastStreamHost;
  }

  /** The endpoint `stream` was opened on, when it went through this client's endpoint policy. */
  public hostOf(stream: object): string | undefined {
    return this.#streamHosts.get(stream);
  }
}

/** What the endpoint policy recognises as a gRPC stream (etcd3 returns streams from the same call path as replies). */
export interface StreamLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(item: never): unknown;
}

/** Whether `value` is a stream (a keep-alive or watch stream) rather than a unary reply. */
export function isStream(value: unknown): value is StreamLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<StreamLike>).on === 'function' &&
    typeof (value as Partial<StreamLike>).write === 'function'
  );
}

const healthByClient = new WeakMap<Etcd3, EndpointHealth>();

/** Ties `health` to the client it watches over. */
export function attachEndpointHealth(client: Etcd3, health: EndpointHealth): void {
  healthByClient.set(client, health);
}

/** The endpoint health of a client made by `createEtcdClient`; undefined for a client passed in. */
export function endpointHealthOf(client: Etcd3): EndpointHealth | undefined {
  return healthByClient.get(client);
}
