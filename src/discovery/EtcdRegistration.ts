import { EventEmitter } from 'node:events';

import type { Etcd3 } from 'etcd3';

import type { Logger } from '../common/index.js';
import { silentLogger, SpindleError } from '../common/index.js';
import type { XmlRpcServiceExporter } from '../exporter/index.js';
import { createEtcdClient, endpointList } from './createEtcdClient.js';
import { DiscoveryError } from './DiscoveryError.js';
import type { EtcdConnectionOptions } from './EtcdConnectionOptions.js';
import { serviceDirectory } from './EtcdConnectionOptions.js';
import { endpointHealthOf } from './EndpointHealth.js';
import { LeaseKeepAlive } from './LeaseKeepAlive.js';
import type { RegistrationRecord } from './RegistrationRecord.js';

/** etcd 3.4's smallest lease: ceil(1.5 × election timeout); a smaller one is silently raised. */
const MIN_TTL_SECONDS = 2;

/** Options of an {@link EtcdRegistration}. */
export interface EtcdRegistrationOptions extends EtcdConnectionOptions {
  /** The exporter to register; it must have started (the container starts it first). */
  readonly exporter: XmlRpcServiceExporter;
  /** The service name in the key. @default the exporter's path without its slash (`default` for `/`) */
  readonly serviceName?: string;
  /** The last part of the key, unique per replica; a restarted replica overwrites its own key. @default `host:port` of the URL */
  readonly id?: string;
  /** The URL clients should use, when the exporter's own is not reachable from them (it listens on 0.0.0.0, or behind NAT). @default the exporter's URL */
  readonly url?: string;
  /** Host name or address to advertise instead of the one the exporter listens on (keeps the port, so each replica keeps its own). @default the exporter's host */
  readonly advertiseHost?: string;
  /** The replica's share of the traffic, written as the registration's `weight` (pools weigh members by it). @default none: the pool decides (1) */
  readonly weight?: number;
  /** Lease time to live in seconds (at least 2, etcd 3.4's minimum); a killed replica leaves pools after about this long. @default 5 */
  readonly ttlSeconds?: number;
  /** Time between revoking the lease and letting the exporter drain, so every pool hears of the removal first, in milliseconds. @default 500 */
  readonly deregisterDelayMs?: number;
  /** Delay between attempts to register again after the lease was lost, in milliseconds. @default 500 */
  readonly retryDelayMs?: number;
  /** Where registrations, losses and retries are logged. @default silent */
  readonly logger?: Logger;
}

/** A granted lease and the loop that keeps it alive. */
interface HeldLease {
  readonly id: string;
  readonly keepAlive: LeaseKeepAlive;
}

/** The events of a registration. */
export interface EtcdRegistrationEvents {
  /** The key was written under a new lease (at start, and again after a lost lease). */
  registered: [key: string, leaseId: string];
  /** The lease was lost (etcd unreachable for too long, or the lease expired); registering again. */
  lost: [reason: string];
}

/**
 * Registers one exporter in etcd so pools with an `EtcdDiscovery` find it:
 * writes `<prefix>/<serviceName>/<id>` → `{ url, serviceName, methods,
 * idempotent, tls }` under a lease and keeps the lease alive (every ttl/3;
 * when etcd stops answering for half the TTL, the keep-alives move to another
 * endpoint, so losing one member of an etcd cluster does not lose the lease).
 * When the lease is lost it grants a new one and writes the key again, for as
 * long as it runs. `close()` revokes the lease first (pools drop the replica
 * at once), waits `deregisterDelayMs`, and only then lets the caller stop the
 * exporter, which drains its in-flight calls.
 *
 * In a context file it refers to its exporter, so the container creates it
 * after the exporter has started and destroys it before the exporter stops.
 *
 * @example
 * const registration = new EtcdRegistration({ exporter, endpoints: ['http://127.0.0.1:2379'] });
 * await registration.start();
 * // …
 * await registration.close(); // deregister, then:
 * await exporter.close();     // drain
 */
export class EtcdRegistration extends EventEmitter<EtcdRegistrationEvents> {
  readonly #options: EtcdRegistrationOptions;
  readonly #client: Etcd3;
  readonly #ownsClient: boolean;
  readonly #ttl: number;
  readonly #logger: Logger;
  #lease: HeldLease | undefined;
  #key: string | undefined;
  #value: string | undefined;
  #retry: NodeJS.Timeout | undefined;
  #registering: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  public constructor(options: EtcdRegistrationOptions) {
    super();
    if (typeof options !== 'object' || typeof options.exporter !== 'object') {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        'EtcdRegistration needs an exporter (property "exporter")',
      );
    }
    const ttl = options.ttlSeconds ?? 5;
    if (!Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `EtcdRegistration: ttlSeconds must be an integer >= ${String(MIN_TTL_SECONDS)} (etcd's minimum lease), got ${String(ttl)}`,
      );
    }
    this.#options = options;
    this.#ttl = ttl;
    this.#logger = options.logger ?? silentLogger;
    this.#ownsClient = options.client === undefined;
    this.#client = options.client ?? createEtcdClient(options);
  }

  /** The key this registration writes, once started. */
  public get key(): string | undefined {
    return this.#key;
  }

  /** What this registration writes, once started. */
  public get record(): RegistrationRecord | undefined {
    return this.#value === undefined ? undefined : (JSON.parse(this.#value) as RegistrationRecord);
  }

  /** The lease time to live, in seconds. */
  public get ttlSeconds(): number {
    return this.#ttl;
  }

  /**
   * Starts the exporter if needed, then writes the key under a fresh lease.
   * Rejects with `SPINDLE_DISCOVERY_UNAVAILABLE` when etcd cannot be reached;
   * after that first success, outages are ridden out on its own. Safe to call twice.
   */
  public start(): Promise<void> {
    if (this.#closing !== undefined) {
      return Promise.reject(new SpindleError('SPINDLE_CLOSED', 'the registration was closed'));
    }
    this.#started ??= this.#open();
    return this.#started;
  }

  /** Revokes the lease (the key goes at once), waits `deregisterDelayMs`, closes its etcd client. Safe to call twice. */
  public close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #open(): Promise<void> {
    const exporter = this.#options.exporter;
    await exporter.start();
    const listening = this.#options.url ?? exporter.url;
    if (listening === undefined) {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'EtcdRegistration: the exporter has no URL');
    }
    const parsed = new URL(listening);
    if (this.#options.advertiseHost !== undefined) parsed.hostname = this.#options.advertiseHost;
    const url = parsed.href;
    const serviceName = this.#options.serviceName ?? defaultServiceName(exporter.paths[0]);
    const id = this.#options.id ?? parsed.host;
    this.#key = `${serviceDirectory(this.#options.prefix, serviceName)}${id}`;
    const record: RegistrationRecord = {
      url,
      serviceName,
      methods: [...exporter.methods],
      idempotent: [...exporter.dispatcher.idempotent],
      tls: parsed.protocol === 'https:',
      ...(this.#options.weight === undefined ? {} : { weight: this.#options.weight }),
    };
    this.#value = JSON.stringify(record);
    try {
      await this.#register();
    } catch (error) {
      // A client passed in may point anywhere; name the endpoints only when they are ours.
      const endpoints = endpointList(this.#options.endpoints);
      const named = endpoints.some((endpoint) => (error as Error).message.includes(endpoint));
      const where = this.#ownsClient && !named ? ` at ${endpoints.join(', ')}` : '';
      throw new DiscoveryError(
        'SPINDLE_DISCOVERY_UNAVAILABLE',
        `cannot register ${this.#key} in etcd${where}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Grants a lease, keeps it alive, and writes the key under it. */
  async #register(): Promise<void> {
    const key = this.#key;
    const value = this.#value;
    if (key === undefined || value === undefined) return;
    const { ID: id } = await this.#client.leaseClient.leaseGrant({ TTL: this.#ttl });
    // Kept alive from the grant on: a put that waits out a dead endpoint must not outlive the lease.
    const keepAlive = new LeaseKeepAlive(this.#client, id, this.#ttl, endpointHealthOf(this.#client));
    const lease: HeldLease = { id, keepAlive };
    let lostWhile: Error | undefined;
    keepAlive.on('lost', (error: Error) => {
      lostWhile = error;
      this.#onLost(lease, error);
    });
    keepAlive.on('moved', (from: string | undefined, silentMs: number) => {
      this.#logger.warn('etcd stopped answering keep-alives; moved them to another endpoint', {
        key,
        from,
        silentMs,
      });
    });
    keepAlive.start();
    try {
      await this.#client.put(key).value(value).lease(id).exec();
      if (lostWhile !== undefined)
        throw new Error(`the lease was lost while registering: ${lostWhile.message}`);
      if (this.#closing !== undefined) {
        keepAlive.stop();
        await this.#client.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined);
        return;
      }
      this.#lease = lease;
      this.#logger.info('registered in etcd', { key, ttlSeconds: this.#ttl, lease: id });
      this.emit('registered', key, id);
    } catch (error) {
      // The lease expires by itself within its TTL.
      keepAlive.stop();
      throw error;
    }
  }

  #onLost(lease: HeldLease, error: Error): void {
    // Only the lease the key lives on matters; a failed attempt's lease is retried by its caller.
    if (this.#closing !== undefined || this.#lease !== lease) return;
    this.#lease = undefined;
    this.#logger.warn('etcd lease lost; registering again', { key: this.#key, reason: error.message });
    this.emit('lost', error.message);
    this.#retryRegistration();
  }

  /** Registers again until it works or the registration closes, one attempt at a time. */
  #retryRegistration(): void {
    if (this.#closing !== undefined || this.#registering !== undefined) return;
    this.#registering = this.#register()
      .catch((error: unknown) => {
        this.#logger.debug('registration attempt failed', { key: this.#key, reason: String(error) });
        if (this.#closing === undefined) {
          this.#retry = setTimeout(() => {
            this.#retryRegistration();
          }, this.#options.retryDelayMs ?? 500);
        }
      })
      .finally(() => {
        this.#registering = undefined;
      });
  }

  async #shutdown(): Promise<void> {
    if (this.#started !== undefined) await this.#started.catch(() => undefined);
    clearTimeout(this.#retry);
    await this.#registering;
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease !== undefined) {
      lease.keepAlive.stop();
      try {
        // Revoking deletes the key now; pools drop the replica before it stops accepting.
        await this.#client.leaseClient.leaseRevoke({ ID: lease.id });
        this.#logger.info('deregistered from etcd', { key: this.#key });
        await delay(this.#options.deregisterDelayMs ?? 500);
      } catch (error) {
        // etcd is down: the key expires with its lease within ttlSeconds.
        this.#logger.warn('could not revoke the etcd lease; the key expires with it', {
          key: this.#key,
          reason: String(error),
        });
      }
    }
    if (this.#ownsClient) this.#client.close();
  }
}

function defaultServiceName(path: string | undefined): string {
  const name = (path ?? '/').replace(/^\/+|\/+$/g, '');
  return name === '' ? 'default' : name;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
