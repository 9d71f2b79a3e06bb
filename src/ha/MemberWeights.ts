import { closestMatches, SpindleError } from '../common/index.js';
import { checkWeight } from './poolOptions.js';

/**
 * A pool's `weights` option: members' weights keyed by description (the
 * URL without credentials). A key that matches no member would leave that
 * member at weight 1 without a word, so keys are checked against the
 * members: refused when the members are given once and for all, warned
 * about when a discovery source brings them.
 */
export class MemberWeights {
  readonly #weights: ReadonlyMap<string, number>;

  /** @param weights - the option; a context file's map gives its values as text ("2" is a weight of 2) */
  public constructor(weights: Readonly<Record<string, number | string>> = {}) {
    this.#weights = new Map(
      Object.entries(weights).map(([member, weight]) => [
        member,
        checkWeight(typeof weight === 'string' ? Number(weight) : weight, `weights['${member}']`),
      ]),
    );
  }

  /** The weight written for the member described `description`, if any. */
  public of(description: string): number | undefined {
    return this.#weights.get(description);
  }

  /** For each key that matches none of `descriptions`: why, with the closest member. */
  public unmatched(descriptions: readonly string[]): string[] {
    const known = new Set(descriptions);
    return [...this.#weights.keys()]
      .filter((key) => !known.has(key))
      .map((key) => `weights['${key}'] matches no member${suggestion(key, descriptions)}`);
  }

  /** Throws `SPINDLE_INVALID_ARGUMENT` naming the first key that matches none of `descriptions`. */
  public assertAllMatch(descriptions: readonly string[]): void {
    const [first] = this.unmatched(descriptions);
    if (first === undefined) return;
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `HighAvailabilityProxy: ${first}; its keys are member descriptions (the URL without credentials)`,
    );
  }
}

/**
 * ` (did you mean '…'?)` for the member `key` most likely meant: one the key
 * begins (a URL written without its path), else the closest by edit
 * distance (a wrong case); else the members, when nothing is close.
 */
function suggestion(key: string, descriptions: readonly string[]): string {
  const lower = key.toLowerCase();
  const [extended] = descriptions.filter((description) => description.toLowerCase().startsWith(lower));
  const [closest] = extended === undefined ? closestMatches(key, descriptions, 1) : [extended];
  if (closest !== undefined) return ` (did you mean '${closest}'?)`;
  return descriptions.length === 0 ? '' : ` (members: ${descriptions.map((d) => `'${d}'`).join(', ')})`;
}
