import type { PoolMemberSpec } from './resolveMember.js';

/** How a member joins a pool. */
export interface MemberOptions {
  /** Its share of the traffic relative to the others. @default the pool's `weights` entry, else 1 */
  readonly weight?: number;
}

/** The part of a pool a discovery source may change: its membership. */
export interface PoolMembership {
  /** The pool, for messages. */
  readonly description: string;
  /** Adds a member (with its registration's weight, if any); returns its description. */
  add(member: PoolMemberSpec, options?: MemberOptions): string;
  /** Removes a member (by what was added, or its description); calls on it finish. */
  remove(member: PoolMemberSpec): boolean;
}

/**
 * A source of members that keeps a pool's membership current, such as an
 * `EtcdDiscovery` watching a key prefix. The pool calls `attach` once when it
 * is made and `detach` when it closes; in between the source calls
 * `add`/`remove` as members come and go.
 */
export interface MemberDiscovery {
  /** Starts feeding `pool`; resolves once the first membership is known. */
  attach(pool: PoolMembership): Promise<void> | void;
  /** Stops feeding `pool`. @default nothing */
  detach?(pool: PoolMembership): Promise<void> | void;
}
