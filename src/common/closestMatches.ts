/** Levenshtein distance, two rows: names here are short. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates closest to `name` (case-insensitive edit distance), best
 * first, at most `limit`; only those close enough to be a plausible typo
 * (distance at most a third of the longer name, and at least 2 allowed).
 */
export function closestMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const allowed = Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= allowed) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** ` (did you mean 'a' or 'b'?)`, or `''` when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const matches = closestMatches(name, candidates).map((match) => `'${match}'`);
  if (matches.length === 0) return '';
  const last = matches.pop() ?? '';
  return ` (did you mean ${matches.length === 0 ? last : `${matches.join(', ')} or ${last}`}?)`;
}
