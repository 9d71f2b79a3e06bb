import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version in this package's package.json, found by walking up from this
 * file: the same code runs from `dist/src/cli` (built) and `src/cli` (tsx).
 */
export function packageVersion(): string {
  let dir = import.meta.dirname;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'spindle' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or not ours): keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
