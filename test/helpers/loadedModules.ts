import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { runNode } from './nodeProcess.js';
import type { ProcessResult } from './runProcess.js';

/** A module loader hook that appends the URL of every module loaded (ESM and CommonJS through import) to a file. */
const HOOKS = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) {
  appendFileSync(file, url + '\\n');
  return next(url, context);
}
`;

/**
 * Besides the hook: CommonJS modules required from CommonJS (etcd3's own
 * dependencies) never pass the ESM loader, so `require.cache` is written out
 * at exit too.
 */
const REGISTER = (
  hooks: string,
  file: string,
): string => `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(hooks)}, { data: { file: ${JSON.stringify(file)} } });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  appendFileSync(${JSON.stringify(file)}, Object.keys(require.cache).map((path) => 'file://' + path + '\\n').join(''));
});
`;

/** What a traced process did, and every module URL it loaded. */
export interface TracedRun extends ProcessResult {
  readonly loaded: readonly string[];
}

/** Runs `node <args>` in `cwd` with the trace hook registered first; resolves with its result and loaded modules. */
export async function runTraced(
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<TracedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-trace-'));
  try {
    const file = join(dir, 'loaded.txt');
    writeFileSync(file, '');
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'register.mjs'), REGISTER(pathToFileURL(join(dir, 'hooks.mjs')).href, file));
    const result = await runNode(['--import', pathToFileURL(join(dir, 'register.mjs')).href, ...args], {
      cwd,
      timeoutMs,
    });
    const loaded = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    return { ...result, loaded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The npm packages (`etcd3`, `@grpc/grpc-js`) among module URLs, each once, sorted. */
export function packagesOf(urls: readonly string[]): string[] {
  const names = new Set<string>();
  for (const url of urls) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return [...names].sort();
}
