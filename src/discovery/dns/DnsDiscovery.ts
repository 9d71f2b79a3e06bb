import { Resolver } from 'node:dns/promises';
import { EventEmitter } from 'node:events';

import type { Logger } from '../../common/index.js';
import { silentLogger, SpindleError } from '../../common/index.js';
import type { MemberDiscovery, PoolMembership } from '../../ha/index.js';
import { DiscoveryError } from '../DiscoveryError.js';
import type { DnsDiscoveryOptions } from './DnsDiscoveryOptions.js';
import { dnsNumberProblem, dnsOptionProblem, recordTypeOf } from './DnsDiscoveryOptions.js';
import type { DnsAnswer, DnsMemberQuery } from './lookupDnsMembers.js';
import { lookupDnsMembers } from './lookupDnsMembers.js';
import { MemberPools } from '../MemberPools.js';

/** The events of a DNS discovery. */
export interface DnsDiscoveryEvents {
  /** A URL joined the membership (it is now in every attached pool). */
  memberAdded: [url: string];
  /** A URL left the membership (it is out of every attached pool). */
  memberRemoved: [url: string];
  /** A lookup answered; `nextInMs` is when the next one runs. */
  resolved: [urls: readonly string[], nextInMs: number];
  /**
   * A lookup failed, or found no records: pools keep the last good
   * membership (`kept` URLs) and the lookup is retried in `retryInMs`.
   */
  lookupFailed: [reason: string, kept: number, retryInMs: number];
}

/**
 * Keeps high-availability pools in step with what DNS says a name holds:
 * SRV records (`_service._proto.name`, as a Kubernetes headless Service
 * publishes per named port) or A/AAAA records on a configured port.
 *
 * - Looks the name up again after `refreshIntervalMs`, or sooner when the
 *   records' TTL is shorter (never sooner than `minRefreshIntervalMs`).
 * - A failed lookup (server down, refusing, timing out) and an answer of no
 *   records both keep the last good membership: logged as a warning with the
 *   code `SPINDLE_DISCOVERY_LOOKUP_FAILED`, reported as `lookupFailed`, and
 *   retried after `retryDelayMs`, doubled each time up to `refreshIntervalMs`.
 * - Only the first lookup can fail the pool: `attach` rejects with
 *   `SPINDLE_DISCOVERY_UNAVAILABLE` when no server answers. A first answer of
 *   no records gives an empty pool, asked again like after a failure, that
 *   fills when records appear (pods becoming ready).
 *
 * @example
 * const discovery = new DnsDiscovery({ name: '_xmlrpc._tcp.calculator.shop.svc.cluster.local', path: '/Calculator' });
 * const pool = new HighAvailabilityProxy({ discovery });
 * await pool.ready();
 */
export class DnsDiscovery extends EventEmitter<DnsDiscoveryEvents> implements MemberDiscovery {
  readonly #query: DnsMemberQuery;
  readonly #resolver: Resolver;
  readonly #servers: readonly string[];
  readonly #logger: Logger;
  readonly #refreshIntervalMs: number;
  readonly #minRefreshIntervalMs: number;
  readonly #retryDelayMs: number;
  readonly #pools: MemberPools;
  #urls: readonly string[] = [];
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  public constructor(options: DnsDiscoveryOptions) {
    super();
    if (typeof options !== 'object' || typeof options.name !== 'string' || options.name === '') {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'DnsDiscovery needs a name to resolve');
    }
    const problem = dnsNumberProblem(options) ?? dnsOptionProblem(options)?.message;
    if (problem !== undefined) throw new SpindleError('SPINDLE_INVALID_ARGUMENT', problem);
    this.#query = {
      name: options.name,
      recordType: recordTypeOf(options.name, options.recordType),
      port: options.port,
      scheme: options.scheme ?? 'http',
      path: options.path ?? '/',
    };
    this.#refreshIntervalMs = options.refreshIntervalMs ?? 30_000;
    this.#minRefreshIntervalMs = Math.min(options.minRefreshIntervalMs ?? 1000, this.#refreshIntervalMs);
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#logger = options.logger ?? silentLogger;
    this.#resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
    if (options.servers !== undefined && options.servers.length > 0) {
      this.#resolver.setServers([...options.servers]);
    }
    this.#servers = this.#resolver.getServers();
    this.#pools = new MemberPools(
      this,
      (event, url) => {
        if (event !== 'memberRefreshed') this.emit(event, url);
      },
      this.#logger,
    );
  }

  /** The name looked up. */
  public get name(): string {
    return this.#query.name;
  }

  /** The member URLs of the last good lookup, sorted (what every attached pool holds from this discovery). */
  public urls(): string[] {
    return [...this.#urls];
  }

  /** Runs the first lookup (once for all pools), gives `pool` the members, and keeps it current. */
  public async attach(pool: PoolMembership): Promise<void> {
    if (this.#closed) throw new SpindleError('SPINDLE_CLOSED', 'the discovery was closed');
    await this.#pools.attach(pool, () => this.#start());
  }

  /** Stops feeding `pool`; with no pool left, stops looking up. */
  public async detach(pool: PoolMembership): Promise<void> {
    this.#pools.delete(pool);
    if (this.#pools.size === 0) await this.close();
  }

  /** Stops looking up (a lookup in flight is cancelled); pools keep their members. Safe to call twice. */
  public close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#pools.close();
    clearTimeout(this.#timer);
    this.#resolver.cancel();
    return Promise.resolve();
  }

  async #start(): Promise<void> {
    let answer: DnsAnswer;
    try {
      answer = await lookupDnsMembers(this.#resolver, this.#query);
    } catch (error) {
      throw new DiscoveryError(
        'SPINDLE_DISCOVERY_UNAVAILABLE',
        `cannot look up ${this.#describe()}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (this.#closed) return;
    if (answer.urls.length === 0) {
      // The pool starts empty; like any answer of no records, it is asked again soon.
      this.#fail(noMembers(answer));
      return;
    }
    this.#accept(answer);
  }

  /** Looks the name up again; a timer calls it, and it sets the next one. */
  async #refresh(): Promise<void> {
    let answer: DnsAnswer;
    try {
      answer = await lookupDnsMembers(this.#resolver, this.#query);
    } catch (error) {
      if (!this.#closed) this.#fail((error as Error).message);
      return;
    }
    if (this.#closed) return;
    if (answer.urls.length === 0) {
      this.#fail(noMembers(answer));
      return;
    }
    if (this.#failures > 0) {
      this.#logger.info('DNS lookups answer again', { name: this.#query.name, failures: this.#failures });
    }
    this.#accept(answer);
  }

  /** Makes `answer` the membership and sets the next lookup from its TTL. */
  #accept(answer: DnsAnswer): void {
    this.#failures = 0;
    this.#urls = answer.urls;
    this.#pools.syncAll();
    if (answer.unresolvedTargets.length > 0) {
      this.#logger.warn('SRV targets without an address were skipped', {
        name: this.#query.name,
        targets: answer.unresolvedTargets,
      });
    }
    const ttlMs = answer.ttlSeconds === undefined ? this.#refreshIntervalMs : answer.ttlSeconds * 1000;
    const next = Math.max(this.#minRefreshIntervalMs, Math.min(this.#refreshIntervalMs, ttlMs));
    this.#logger.debug('looked up the members', {
      name: this.#query.name,
      members: answer.urls.length,
      next,
    });
    this.emit('resolved', answer.urls, next);
    this.#schedule(next);
  }

  /** Keeps the last good membership, says so, and retries with a doubling delay. */
  #fail(reason: string): void {
    this.#failures += 1;
    const retryInMs = Math.min(
      this.#refreshIntervalMs,
      this.#retryDelayMs * 2 ** Math.min(this.#failures - 1, 30),
    );
    this.#logger.warn('DNS lookup failed; keeping the last good members', {
      code: 'SPINDLE_DISCOVERY_LOOKUP_FAILED',
      name: this.#describe(),
      reason,
      kept: this.#urls.length,
      retryInMs,
    });
    this.emit('lookupFailed', reason, this.#urls.length, retryInMs);
    this.#schedule(retryInMs);
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#refresh().catch((error: unknown) => {
        // Only a throwing event listener gets here; the lookups go on.
        this.#logger.error('a DNS discovery listener failed', {
          name: this.#query.name,
          reason: String(error),
        });
        this.#schedule(this.#refreshIntervalMs);
      });
    }, delayMs);
  }

  #describe(): string {
    return `${this.#query.recordType} ${this.#query.name} (servers ${this.#servers.join(', ')})`;
  }
}

/** Why an answer gave no member: no records, or SRV targets without an address. */
function noMembers(answer: DnsAnswer): string {
  const unresolved = answer.unresolvedTargets.join(', ');
  return unresolved === '' ? 'no records' : `no address for the targets ${unresolved}`;
}
