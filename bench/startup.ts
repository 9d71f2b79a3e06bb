import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { XmlRpcServer } from '../src/transport/server/index.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';

/** The repository root (this file runs from dist/bench): where `import 'spindle'` resolves to this package. */
const root = join(import.meta.dirname, '..', '..');

/** The package's entries, imported by name as a user's code does (package.json `exports`). */
const ENTRIES = ['spindle', 'spindle/codec', 'spindle/etcd', 'spindle/context-files'] as const;

/** Wall time of one `node args…` in the repository root, start to exit, in milliseconds. */
function timeNode(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(process.execPath, [...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(performance.now() - began);
      else reject(new Error(`node ${args.join(' ')} exited with ${String(code)}`));
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Cold start: a fresh `node` importing each entry of the package, and
 * `spindle call` (bin/spindle.js) making one call to a running server, each
 * beside `node -e ''` measured in the same rounds (interleaved, so a busy
 * machine slows both alike). The figure is the median wall time in ms; the
 * advantage column is then `node -e ''`'s time over Spindle's (1.00× would be free).
 */
export const startupSection: BenchSection = {
  name: 'startup',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    const rounds = options.quick ? 5 : 21;
    const server = new XmlRpcServer({ port: 0 });
    server.registerFunction('add', (a: number, b: number) => a + b);
    await server.listen();
    const url = `${server.baseUrl ?? ''}/`;
    const commands: readonly { readonly name: string; readonly args: readonly string[] }[] = [
      ...ENTRIES.map((entry) => ({
        name: `import '${entry}'`,
        args: ['--input-type=module', '-e', `await import('${entry}')`],
      })),
      { name: 'spindle call add 2 3', args: [join(root, 'bin', 'spindle.js'), 'call', url, 'add', '2', '3'] },
    ];
    const baseline: number[] = [];
    const times = commands.map((): number[] => []);
    try {
      for (let round = 0; round < rounds; round++) {
        baseline.push(await timeNode(['-e', '']));
        for (const [i, command] of commands.entries()) times[i]?.push(await timeNode(command.args));
      }
    } finally {
      await server.close();
    }
    const node = median(baseline);
    return commands.flatMap((command, i) => [
      row(command.name, 'spindle', median(times[i] ?? [])),
      row(command.name, "node -e ''", node),
    ]);
  },
};

function row(name: string, contender: string, value: number): BenchRow {
  return { section: 'startup', case: name, contender, value, unit: 'ms', higherIsBetter: false };
}
