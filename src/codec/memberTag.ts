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
