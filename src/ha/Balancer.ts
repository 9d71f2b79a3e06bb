import { SpindleError } from '../common/index.js';

/** What a balancer sees of a member it may choose. */
export interface BalancerCandidate {
  /** The member's description (its URL without credentials). */
  readonly description: string;
  /** Calls on the member right now (retries and hedges included). */
  readonly inFlight: number;
  /** The member's share of the traffic relative to the others (> 0). */
  readonly weight: number;
}

/**
 * Chooses the member for one attempt, as grpc-js's picker does: the pool
 * hands it the members in rotation that the call has not tried yet (never
 * empty, in the pool's order) and sends the attempt where it says. Replace it
 * by passing an object with this method as the pool's `balancer`.
 */
export interface Balancer {
  /** The candidate to use; `candidates` is never empty. */
  pick<T extends BalancerCandidate>(candidates: readonly T[]): T;
}

/** The balancing policies a context file can name. */
export type BalancerName = 'round-robin' | 'least-request';

/** The names `balancer` accepts, for messages and the option table. */
export const balancerNames: readonly BalancerName[] = ['round-robin', 'least-request'];

/**
 * Weighted round-robin, in nginx's "smooth" form: each pick adds every
 * candidate's weight to its credit and takes the one with the most credit,
 * which then pays the total. Equal weights give plain rotation (A B C A B C);
 * weights 2:1 give A B A A B A, spread out rather than in bursts.
 */
export class RoundRobinBalancer implements Balancer {
  readonly #credit = new WeakMap<BalancerCandidate, number>();

  public pick<T extends BalancerCandidate>(candidates: readonly T[]): T {
    let best = candidates[0] as T;
    let bestCredit = -Infinity;
    let total = 0;
    for (const candidate of candidates) {
      const credit = (this.#credit.get(candidate) ?? 0) + candidate.weight;
      this.#credit.set(candidate, credit);
      total += candidate.weight;
      if (credit > bestCredit) {
        best = candidate;
        bestCredit = credit;
      }
    }
    this.#credit.set(best, bestCredit - total);
    return best;
  }
}

/**
 * Least request by the power of two choices (Envoy's and Finagle's default):
 * draw two distinct candidates at random (in proportion to their weights) and
 * take the one with fewer calls in flight per unit of weight. A slow member
 * piles up calls in flight, so it gets fewer new ones; drawing two rather than
 * scanning all keeps many clients from herding onto the same idle member.
 */
export class LeastRequestBalancer implements Balancer {
  readonly #random: () => number;

  /** @param random source of randomness in [0, 1); seed it in tests. @default Math.random */
  public constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  public pick<T extends BalancerCandidate>(candidates: readonly T[]): T {
    const first = this.#draw(candidates, undefined);
    if (candidates.length === 1) return first;
    const second = this.#draw(candidates, first);
    return load(second) < load(first) ? second : first;
  }

  /** One candidate at random in proportion to its weight, `except` left out. */
  #draw<T extends BalancerCandidate>(candidates: readonly T[], except: T | undefined): T {
    let total = 0;
    for (const c of candidates) if (c !== except) total += c.weight;
    let point = this.#random() * total;
    let last = candidates[0] as T;
    for (const c of candidates) {
      if (c === except) continue;
      last = c;
      point -= c.weight;
      if (point < 0) return c;
    }
    return last;
  }
}

function load(candidate: BalancerCandidate): number {
  return (candidate.inFlight + 1) / candidate.weight;
}

/** The balancer a pool's `balancer` option names, or the object given. */
export function resolveBalancer(option: BalancerName | Balancer | undefined): Balancer {
  if (option === undefined || option === 'round-robin') return new RoundRobinBalancer();
  if (option === 'least-request') return new LeastRequestBalancer();
  if (typeof option === 'object' && typeof option.pick === 'function') return option;
  throw new SpindleError(
    'SPINDLE_INVALID_ARGUMENT',
    `HighAvailabilityProxy: balancer must be ${balancerNames.map((n) => `'${n}'`).join(' or ')} or an object with pick(), got ${JSON.stringify(option)}`,
  );
}
