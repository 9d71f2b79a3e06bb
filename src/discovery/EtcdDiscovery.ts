import { EventEmitter } from 'node:events';

import type { Etcd3, IKeyValue, Watcher } from 'etcd3';

import type { Logger } from '../common/index.js';
import { silentLogger, SpindleError } from '../common/index.js';
import type { MemberDiscovery, PoolMembership } from '../ha/index.js';
import { createEtcdClient } from './createEtcdClient.js';
import type { DiscoveredMember } from './DiscoveredMember.js';
import { discoveredMember } from './DiscoveredMember.js';
import { DiscoveryError } from './DiscoveryError.js';
import type { EtcdConnectionOptions } from './EtcdConnectionOptions.js';
import { serviceDirectory } from './EtcdConnectionOptions.js';
import { MemberPools } from './MemberPools.js';
import type { UrlPolicyOptions } from './UrlPolicy.js';
import { UrlPolicy } from './UrlPolicy.js';
import { withTimeout } from './withTimeout.js';

/** Options of an {@link EtcdDiscovery}. */
export interface EtcdDiscoveryOptions extends EtcdConnectionOptions, UrlPolicyOptions {
  /** The service whose registrations make the pool: keys under `<prefix>/<serviceName>/`. */
  readonly serviceName: string;
  /** Delay between attempts to re-read the prefix while etcd is unreachable, in milliseconds. @default 500 */
  readonly resyncDelayMs?: number;
  /** Where membership changes, rejected entries and outages are logged. @default silent */
  readonly logger?: Logger;
}

/** The events of a discovery. */
export interface EtcdDiscoveryEvents {
  /** A URL joined the membership (it is now in every attached pool). */
  memberAdded: [url: string];
  /** A URL left the membership (it is out of every attached pool). */
  memberRemoved: [url: string];
  /** A known member registered afresh (new lease): pools that had ejected it took it back at once. */
  memberRefreshed: [url: string];
  /** A registry entry was ignored (not a registration, or a URL outside the accepted schemes and hosts). */
  rejected: [key: string, reason: string];
  /** The whole prefix was read again (at start, after a cancelled watch, after a reconnection). */
  resynced: [reason: string, members: number];
  /** The watch lost etcd; pools keep their last known members. */
  disconnected: [reason: string];
}

/**
 * Keeps high-availability pools in step with the registrations of one
 * service in etcd: reads `<prefix>/<serviceName>/`, then watches it, adding a
 * member for every key that appears and removing it when its key goes (a
 * revoked or expired lease, a deleted key).
 *
 * - While etcd is unreachable, pools keep their last known members and keep
 *   serving; the watch reconnects on its own and resumes where it stopped.
 * - When the watch is cancelled (its revision was compacted away) or comes
 *   back after a cut, the whole prefix is read again, so the view converges.
 * - A fresh registration of a known member (a new lease: the replica
 *   restarted, or re-registered after an outage) takes it back into a pool
 *   that had ejected it, without waiting for the pool's backoff.
 * - Registry poisoning: only entries that parse as registrations and whose
 *   URL passes `acceptSchemes`/`acceptHosts` become members.
 *
 * @example
 * const discovery = new EtcdDiscovery({ serviceName: 'Calculator', endpoints: ['http://127.0.0.1:2379'] });
 * const pool = new HighAvailabilityProxy({ discovery });
 * await pool.ready();
 */
export class EtcdDiscovery extends EventEmitter<EtcdDiscoveryEvents> implements MemberDiscovery {
  readonly #directory: string;
  readonly #client: Etcd3;
  readonly #ownsClient: boolean;
  readonly #policy: UrlPolicy;
  readonly #logger: Logger;
  readonly #resyncDelayMs: number;
  readonly #pools: MemberPools;
  /** key → accepted registration. */
  #entries = new Map<string, DiscoveredMember>();
  /** The etcd revision the view reflects; older watch events are stale. */
  #revision = 0n;
  #watcher: Watcher | undefined;
  #resyncing: Promise<void> | undefined;
  #resyncAgain: string | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  public constructor(options: EtcdDiscoveryOptions) {
    super();
    if (
      typeof options !== 'object' ||
      typeof options.serviceName !== 'string' ||
      options.serviceName === ''
    ) {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'EtcdDiscovery needs a serviceName');
    }
    this.#directory = serviceDirectory(options.prefix, options.serviceName);
    this.#policy = new UrlPolicy(options);
    this.#logger = options.logger ?? silentLogger;
    this.#resyncDelayMs = options.resyncDelayMs ?? 500;
    this.#ownsClient = options.client === undefined;
    this.#pools = new MemberPools(this, (event, url) => this.emit(event, url), this.#logger);
    this.#client = options.client ?? createEtcdClient(options);
  }

  /** The key prefix watched: `<prefix>/<serviceName>/`. */
  public get directory(): string {
    return this.#directory;
  }

  /** The accepted registrations, by key. */
  public members(): DiscoveredMember[] {
    return [...this.#entries.values()];
  }

  /** The member URLs, sorted (what every attached pool holds from this discovery). */
  public urls(): string[] {
    return [...new Set([...this.#entries.values()].map((m) => m.url))].sort();
  }

  /** The weight `url` registered with (the first registration naming it), if any. */
  public weight(url: string): number | undefined {
    for (const member of this.#entries.values()) if (member.url === url) return member.record.weight;
    return undefined;
  }

  /** Reads the prefix (once for all pools), gives `pool` the members, and keeps it current. */
  public async attach(pool: PoolMembership): Promise<void> {
    if (this.#closed) throw new SpindleError('SPINDLE_CLOSED', 'the discovery was closed');
    await this.#pools.attach(pool, () => this.#start());
  }

  /** Stops feeding `pool`; with no pool left, stops watching and closes its etcd client. */
  public async detach(pool: PoolMembership): Promise<void> {
    this.#pools.delete(pool);
    if (this.#pools.size === 0) await this.close();
  }

  /** Stops watching and closes the etcd client (unless it was given); safe to call twice. */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pools.close();
    clearTimeout(this.#retry);
    const watcher = this.#watcher;
    this.#watcher = undefined;
    if (watcher !== undefined) await withTimeout(watcher.cancel(), 1000);
    if (this.#ownsClient) this.#client.close();
  }

  async #start(): Promise<void> {
    let revision: bigint;
    try {
      revision = await this.#readAll('start');
    } catch (error) {
      throw new DiscoveryError(
        'SPINDLE_DISCOVERY_UNAVAILABLE',
        `cannot read ${this.#directory} from etcd: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.#watch(revision + 1n);
  }

  /** Reads the whole prefix and makes it the view; returns the revision read at. */
  async #readAll(reason: string): Promise<bigint> {
    const response = await this.#client.getAll().prefix(this.#directory).exec();
    const revision = BigInt(response.header.revision);
    // Closed meanwhile, or the watch already brought the view past this snapshot.
    if (this.#closed || revision < this.#revision) return revision;
    const entries = new Map<string, DiscoveredMember>();
    for (const kv of response.kvs) {
      const member = this.#accept(kv);
      if (member !== undefined) entries.set(member.key, member);
    }
    const before = this.#entries;
    this.#entries = entries;
    this.#revision = revision;
    this.#pools.syncAll();
    for (const [key, member] of entries) {
      const old = before.get(key);
      if (old !== undefined && old.leaseId !== member.leaseId) this.#pools.refresh(member.url);
    }
    this.#logger.debug('read the registry', { prefix: this.#directory, reason, members: entries.size });
    this.emit('resynced', reason, entries.size);
    return revision;
  }

  #watch(fromRevision: bigint): void {
    if (this.#closed) return;
    const watcher = this.#client
      .watch()
      .prefix(this.#directory)
      .startRevision(fromRevision.toString())
      .watcher();
    this.#watcher = watcher;
    let cut = false;
    watcher.on('put', (kv) => {
      if (this.#watcher === watcher) this.#put(kv);
    });
    watcher.on('delete', (kv) => {
      if (this.#watcher === watcher) this.#delete(kv);
    });
    watcher.on('disconnected', (error) => {
      if (this.#watcher !== watcher || cut) return;
      cut = true;
      this.#logger.warn('lost the etcd watch; keeping the last known members', {
        prefix: this.#directory,
        members: this.#entries.size,
        reason: error.message,
      });
      this.emit('disconnected', error.message);
    });
    watcher.on('connected', () => {
      if (this.#watcher !== watcher || !cut) return;
      cut = false;
      // The watch resumes where it stopped; one read more makes sure nothing slipped by.
      this.#resync('watch reconnected', false);
    });
    // Cancelled by etcd, most often because the revision to resume from was compacted.
    watcher.on('error', (error) => {
      if (this.#watcher !== watcher) return;
      this.#watcher = undefined;
      this.#logger.warn('the etcd watch was cancelled; reading the whole prefix again', {
        prefix: this.#directory,
        reason: error.message,
      });
      this.#resync(`watch cancelled (revision compacted, or refused): ${error.message}`, true);
    });
  }

  /** Re-reads the prefix until it works (etcd may be down), then watches again if `rewatch`. */
  #resync(reason: string, rewatch: boolean): void {
    if (this.#closed) return;
    if (this.#resyncing !== undefined) {
      this.#resyncAgain = reason;
      return;
    }
    this.#resyncing = this.#readAll(reason)
      .then((revision) => {
        if (rewatch || this.#watcher === undefined) this.#watch(revision + 1n);
      })
      .catch((error: unknown) => {
        this.#logger.debug('reading the registry failed; trying again', { reason: String(error) });
        this.#retry = setTimeout(() => {
          this.#resync(reason, rewatch || this.#watcher === undefined);
        }, this.#resyncDelayMs);
      })
      .finally(() => {
        this.#resyncing = undefined;
        const again = this.#resyncAgain;
        this.#resyncAgain = undefined;
        if (again !== undefined) this.#resync(again, this.#watcher === undefined);
      });
  }

  #put(kv: IKeyValue): void {
    if (!this.#fresh(kv)) return;
    const key = kv.key.toString();
    const old = this.#entries.get(key);
    const member = this.#accept(kv);
    if (member === undefined) this.#entries.delete(key);
    else this.#entries.set(key, member);
    this.#pools.syncAll();
    if (member !== undefined && old !== undefined && old.leaseId !== member.leaseId)
      this.#pools.refresh(member.url);
  }

  #delete(kv: IKeyValue): void {
    if (!this.#fresh(kv)) return;
    if (this.#entries.delete(kv.key.toString())) this.#pools.syncAll();
  }

  /** True for an event newer than the view; moves the view's revision on. */
  #fresh(kv: IKeyValue): boolean {
    const revision = BigInt(kv.mod_revision);
    if (revision <= this.#revision) return false;
    this.#revision = revision;
    return true;
  }

  /** The registration in `kv`, or undefined (logged and reported) when it is not accepted. */
  #accept(kv: IKeyValue): DiscoveredMember | undefined {
    const key = kv.key.toString();
    try {
      return discoveredMember(key, kv, this.#policy);
    } catch (error) {
      const reason = (error as Error).message;
      this.#logger.warn(reason, { code: 'SPINDLE_DISCOVERY_REJECTED_MEMBER' });
      this.emit('rejected', key, reason);
      return undefined;
    }
  }
}
