import { tagOf } from './ByteSink.js';
import type { Tag } from './ByteSink.js';

/** Member-name markup is cached for names up to this long… */
const MAX_CACHED_KEY = 64;
/** …and for this many names, after which the cache starts over (a bound, not a tuning knob). */
const MAX_CACHED_KEYS = 4096;

/** `<member><name>KEY</name><value>` of names seen before (clean ASCII names only). */
const memberTags = new Map<string, Tag>();
const CLEAN_KEY = /^[\t\n\x20-\x25\x27-\x3b\x3d\x3f-\x7e]*$/;

/**
 * The `<member><name>KEY</name><value>` markup of `key`, packed and cached;
 * `undefined` for a name that needs escaping or is too long to cache.
 */
export function memberTag(key: string): Tag | undefined {
  let tag = memberTags.get(key);
  if (tag === undefined && key.length <= MAX_CACHED_KEY && CLEAN_KEY.test(key)) {
    if (memberTags.size >= MAX_CACHED_KEYS) memberTags.clear();
    tag = tagOf(`<member><name>${key}</name><value>`);
    memberTags.set(key, tag);
  }
  return tag;
}

/** Structs remember the names of their first members by position, for arrays of same-shaped structs. */
const POSITIONS = 32;

/** One writer's cache of member-name markup by position in the struct, in front of {@link memberTag}. */
export class MemberTags {
  private readonly keyAt: (string | undefined)[] = new Array<string | undefined>(POSITIONS).fill(undefined);
  private readonly tagAt: (Tag | undefined)[] = new Array<Tag | undefined>(POSITIONS).fill(undefined);

  /**
   * The `<member><name>KEY</name><value>` markup of `key`, the member at
   * `index` of a plain object (−1 for a Map), when cacheable: first by
   * position (same-shaped structs hand the very same key strings), then by name.
   */
  public at(key: string, index: number): Tag | undefined {
    if (index >= 0 && index < POSITIONS) {
      if (this.keyAt[index] === key) return this.tagAt[index];
      const tag = memberTag(key);
      if (tag !== undefined) {
        this.keyAt[index] = key;
        this.tagAt[index] = tag;
      }
      return tag;
    }
    return memberTag(key);
  }
}
