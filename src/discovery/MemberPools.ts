import type { Logger } from '../common/index.js';
import type { MemberOptions, PoolMembership } from '../ha/index.js';

/** The membership events a discovery reports. */
export type MemberEvent = 'memberAdded' | 'memberRemoved' | 'memberRefreshed';

/** Where the pools' members come from. */
export interface MemberSource {
  /** The member URLs now, sorted. */
  urls(): string[];
  /** The weight a member registered with, if any. @default none */
  weight?(url: string): number | undefined;
}

interface PoolState {
  /** URL → the description the pool gave the member. */
  readonly added: Map<string, string>;
}

/**
 * The pools a discovery feeds, each with the URLs it was given: brought in
 * step with the registered members (adding what a pool lacks, removing what
 * is gone), and a member registered afresh put back into a pool that had
 * ejected it.
 */
export class MemberPools {
  readonly #pools = new Map<PoolMembership, PoolState>();
  /** The discovery's first read, shared by every pool that attaches while it runs or after. */
  #started: Promise<void> | undefined;
  #closed = false;

  /**
   * @param source - the members every pool should hold
   * @param report - told of each member added, removed or refreshed in a pool
   * @param logger - where those changes are logged
   */
  public constructor(
    private readonly source: MemberSource,
    private readonly report: (event: MemberEvent, url: string) => unknown,
    private readonly logger: Logger,
  ) {}

  /** How many pools are fed. */
  public get size(): number {
    return this.#pools.size;
  }

  /**
   * Feeds `pool` once the discovery has its first membership: `start` runs
   * once for all pools (again for the next pool if it failed), and its
   * failure is this call's, with `pool` left unfed.
   */
  public async attach(pool: PoolMembership, start: () => Promise<void>): Promise<void> {
    this.add(pool);
    this.#started ??= start();
    try {
      await this.#started;
    } catch (error) {
      this.delete(pool);
      this.#started = undefined;
      throw error;
    }
    this.sync(pool);
  }

  /** Starts feeding `pool` (it holds none of the members yet). */
  public add(pool: PoolMembership): void {
    this.#pools.set(pool, { added: new Map() });
  }

  /** Stops feeding `pool`. */
  public delete(pool: PoolMembership): void {
    this.#pools.delete(pool);
  }

  /** The discovery closed: pools are left as they are. */
  public close(): void {
    this.#closed = true;
  }

  /** Brings every pool in step with the members. */
  public syncAll(): void {
    for (const pool of this.#pools.keys()) this.sync(pool);
  }

  /** Adds to `pool` the URLs it lacks and removes those no longer registered. */
  public sync(pool: PoolMembership): void {
    const state = this.#pools.get(pool);
    if (state === undefined || this.#closed) return;
    const wanted = new Set(this.source.urls());
    for (const [url] of state.added) {
      if (wanted.has(url)) continue;
      state.added.delete(url);
      pool.remove(url);
      this.logger.info('member left', { pool: pool.description, url });
      this.report('memberRemoved', url);
    }
    for (const url of wanted) {
      if (state.added.has(url)) continue;
      try {
        state.added.set(url, pool.add(url, this.#memberOptions(url)));
      } catch (error) {
        this.logger.warn('could not add a member', { pool: pool.description, url, reason: String(error) });
        continue;
      }
      this.logger.info('member joined', { pool: pool.description, url });
      this.report('memberAdded', url);
    }
  }

  #memberOptions(url: string): MemberOptions {
    const weight = this.source.weight?.(url);
    return weight === undefined ? {} : { weight };
  }

  /**
   * A known member registered again under a new lease: it is back (gRPC's
   * "out of band reason to believe a server is back"). A pool that ejected it
   * gets a fresh member in its place, so it is in rotation now rather than
   * after its backoff.
   */
  public refresh(url: string): void {
    for (const [pool, state] of this.#pools) {
      const description = state.added.get(url);
      if (description === undefined || isHealthy(pool, description)) continue;
      pool.remove(url);
      try {
        state.added.set(url, pool.add(url, this.#memberOptions(url)));
      } catch {
        state.added.delete(url);
        continue;
      }
      this.logger.info('member registered afresh; back in rotation', { pool: pool.description, url });
      this.report('memberRefreshed', url);
    }
  }
}

/** Whether a pool that reports its members' states (a `HighAvailabilityProxy` does) has this one healthy. */
function isHealthy(pool: PoolMembership, description: string): boolean {
  const stats = (pool as Partial<{ stats(): readonly { description: string; state: string }[] }>).stats;
  if (typeof stats !== 'function') return false;
  return stats.call(pool).some((m) => m.description === description && m.state === 'healthy');
}
