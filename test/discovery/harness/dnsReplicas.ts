/**
 * What the DNS discovery specs share: real exporters on loopback addresses
 * (127.0.0.2, 127.0.0.3, …) that answer with the address they listen on, and
 * a bounded stream of calls through a pool that records who answered.
 */
import { XmlRpcServiceExporter } from '../../../src/exporter/XmlRpcServiceExporter.js';
import type { HighAvailabilityProxy } from '../../../src/ha/HighAvailabilityProxy.js';
import { sleep } from './wait.js';

/** A service that says which replica answered. */
class Replica {
  public constructor(private readonly label: string) {}

  public whoami(): string {
    return this.label;
  }
}

/** The URL a DNS discovery makes for a member on `host:port` serving `/Calculator`. */
export function memberUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}/Calculator`;
}

/** Starts an exporter of `/Calculator` on `host:port` whose `whoami` answers `host:port`; `cleanup` gets its close. */
export async function replicaOn(
  host: string,
  port: number,
  cleanup: (() => Promise<unknown>)[],
): Promise<XmlRpcServiceExporter> {
  const exporter = new XmlRpcServiceExporter({
    service: new Replica(`${host}:${String(port)}`),
    serviceName: 'Calculator',
    serviceHost: host,
    servicePort: port,
    idempotent: ['whoami'],
  });
  await exporter.start();
  cleanup.push(() => exporter.close());
  return exporter;
}

/** Calls made in the background until stopped: who answered, and every error. */
export interface CallStream {
  /** `host:port` of every replica that answered, in order. */
  readonly answers: string[];
  readonly errors: unknown[];
  /** Stops after the call in flight; resolves when the loop has ended. */
  stop(): Promise<void>;
}

/** Calls `whoami` on `pool` one after another (at most 20 000 calls) until stopped. */
export function callStream(pool: HighAvailabilityProxy): CallStream {
  const answers: string[] = [];
  const errors: unknown[] = [];
  // An object, so the loop reads what stop() wrote.
  const state = { stopped: false };
  const loop = (async () => {
    for (let i = 0; i < 20_000 && !state.stopped; i++) {
      try {
        answers.push(String(await pool.invoke('whoami', [])));
      } catch (error) {
        errors.push(error);
      }
      await sleep(5);
    }
  })();
  return {
    answers,
    errors,
    stop: async () => {
      state.stopped = true;
      await loop;
    },
  };
}

/** Who answered `count` calls made one after another. */
export async function answersOf(pool: HighAvailabilityProxy, count: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) seen.add(String(await pool.invoke('whoami', [])));
  return seen;
}
