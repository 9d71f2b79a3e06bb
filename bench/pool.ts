import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { HighAvailabilityProxy } from '../src/ha/index.js';
import type { CallOptions, Invoker } from '../src/rpc/Invoker.js';
import { XmlRpcClient } from '../src/proxy/index.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const serverXml = join(root, 'samples', 'ha-cluster', 'server.xml');
const IN_FLIGHT = 32;

/**
 * `pool`: what the high-availability pool costs and how fast it fails over.
 * - calls/s at 32 in flight through a pool of 3 members against one proxy,
 *   all on the same server process (so the difference is the pool's own cost);
 * - failover: a replica process is SIGKILLed under load; the time from the
 *   kill to the first call that had been sent to it being answered by another.
 */
export const poolSection: BenchSection = {
  name: 'pool',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    return [...(await throughput(options)), ...(await failover(options))];
  },
};

async function throughput(options: BenchOptions): Promise<BenchRow[]> {
  const port = await freePort();
  const server = await startServer(port);
  try {
    const seconds = options.quick ? 1.5 : 6;
    const url = (i: number): string => `http://127.0.0.1:${port}/ServiceName${i}`;
    const single = new XmlRpcClient(url(0));
    const pool = new HighAvailabilityProxy({ members: [url(0), url(1), url(2)], discoverIdempotent: false });
    try {
      await measure(single, 0.3);
      await measure(pool, 0.3);
      // Alternate the contenders in short slices (ABBA) so a noisy neighbour hurts both alike.
      const slices = options.quick ? 2 : 6;
      let pooled = 0;
      let direct = 0;
      for (let i = 0; i < slices; i++) {
        const first = i % 2 === 0;
        if (first) pooled += await measure(pool, seconds / slices);
        direct += await measure(single, seconds / slices);
        if (!first) pooled += await measure(pool, seconds / slices);
      }
      const caseName = `calls/s, ${IN_FLIGHT} in flight: pool of 3 members vs one proxy`;
      return [
        row(caseName, 'spindle', pooled / slices, 'calls/s', true),
        row(caseName, 'single proxy (no pool)', direct / slices, 'calls/s', true),
      ];
    } finally {
      await Promise.all([single.close(), pool.close()]);
    }
  } finally {
    await stop(server);
  }
}

/** Calls/s of `invoker` at IN_FLIGHT concurrent calls for `seconds`. */
async function measure(invoker: Invoker, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let calls = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        await invoker.invoke('getData', ['x']);
        calls += 1;
      }
    }),
  );
  return calls / seconds;
}

/** Remembers which request ids failed on the member it wraps, and when. */
class Recording implements Invoker {
  public readonly failed = new Map<string, number>();
  public constructor(private readonly inner: Invoker) {}

  public get description(): string {
    return this.inner.description;
  }

  public async invoke(
    method: string,
    params: readonly unknown[],
    options: CallOptions = {},
  ): Promise<unknown> {
    try {
      return await this.inner.invoke(method, params, options);
    } catch (error) {
      if (options.requestId !== undefined) this.failed.set(options.requestId, performance.now());
      throw error;
    }
  }

  public close(): Promise<void> {
    return this.inner.close();
  }
}

async function failover(options: BenchOptions): Promise<BenchRow[]> {
  const rounds = options.quick ? 1 : 5;
  const firsts: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const ports = [await freePort(), await freePort(), await freePort()];
    const servers = await Promise.all(ports.map((p) => startServer(p)));
    const members = ports.map((p) => new Recording(new XmlRpcClient(`http://127.0.0.1:${p}/ServiceName0`)));
    const pool = new HighAvailabilityProxy({ members, idempotent: ['getData'], discoverIdempotent: false });
    const answered = new Map<string, number>();
    let next = 0;
    let stopped = false;
    const load = Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (!stopped) {
          const id = `c${next++}`;
          await pool.invoke('getData', ['x'], { requestId: id }).then(
            () => answered.set(id, performance.now()),
            () => undefined,
          );
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const killedAt = performance.now();
    servers[1]?.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopped = true;
    await load;
    const victim = members[1];
    const times = [...(victim?.failed.keys() ?? [])]
      .map((id) => answered.get(id))
      .filter((t): t is number => t !== undefined && t >= killedAt)
      .map((t) => t - killedAt);
    if (times.length > 0) firsts.push(Math.min(...times));
    await pool.close();
    await Promise.all(members.map((m) => m.close()));
    await Promise.all(servers.map((s) => stop(s)));
  }
  const median = firsts.sort((a, b) => a - b)[Math.floor(firsts.length / 2)] ?? Number.NaN;
  return [
    row(
      'failover: replica SIGKILLed (connection refused) to first of its calls answered by another, under load',
      'spindle',
      median,
      'ms',
      false,
    ),
  ];
}

function row(
  caseName: string,
  contender: string,
  value: number,
  unit: string,
  higherIsBetter: boolean,
): BenchRow {
  return { section: 'pool', case: caseName, contender, value, unit, higherIsBetter };
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'spindle.js'), 'run', serverXml, '--set', `PORT=${port}`],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("'exporter9' serving")) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`bench server exited with ${String(code)}`));
    });
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return typeof address === 'object' && address !== null ? address.port : 0;
}
