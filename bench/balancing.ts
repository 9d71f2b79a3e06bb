import { XmlRpcServiceExporter } from '../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy } from '../src/ha/index.js';
import type { HighAvailabilityProxyOptions } from '../src/ha/index.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';

const IN_FLIGHT = 16;
const FAST_MS = 5;
const SLOW_MS = FAST_MS * 10;
/** Hedge after about the fast members' p95 (service time plus the loopback round trip). */
const HEDGE_DELAY_MS = 2 * FAST_MS;

/** The policies compared; each is one pool over the same three members. */
const policies: readonly { readonly name: string; readonly options: HighAvailabilityProxyOptions }[] = [
  { name: 'round-robin', options: { balancer: 'round-robin' } },
  { name: 'least-request', options: { balancer: 'least-request' } },
  {
    name: `round-robin + hedging (${HEDGE_DELAY_MS} ms)`,
    options: { balancer: 'round-robin', hedging: { delayMs: HEDGE_DELAY_MS } },
  },
  {
    name: `least-request + hedging (${HEDGE_DELAY_MS} ms)`,
    options: { balancer: 'least-request', hedging: { delayMs: HEDGE_DELAY_MS } },
  },
];

/**
 * `balancing`: three members, one answering ten times slower (5 ms against
 * 50 ms of service time, by timers, so the CPU is not the bottleneck); per
 * policy, p50 and p99 latency and calls/s at 16 calls in flight. The calls
 * are idempotent, so the hedging rows may send a second attempt.
 */
export const balancingSection: BenchSection = {
  name: 'balancing',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    const exporters = [FAST_MS, SLOW_MS, FAST_MS].map(
      (ms) =>
        new XmlRpcServiceExporter({
          service: {
            work: () =>
              new Promise((resolve) =>
                setTimeout(() => {
                  resolve('done');
                }, ms),
              ),
          },
          serviceName: 'Work',
          servicePort: 0,
          idempotent: ['work'],
        }),
    );
    try {
      await Promise.all(exporters.map((e) => e.start()));
      const members = exporters.map((e) => e.url ?? '');
      const seconds = options.quick ? 1.5 : 5;
      const rows: BenchRow[] = [];
      const scenario = `3 members, one 10× slower (${FAST_MS} vs ${SLOW_MS} ms), ${IN_FLIGHT} in flight`;
      for (const policy of policies) {
        const pool = new HighAvailabilityProxy({
          members,
          discoverIdempotent: false,
          idempotent: ['work'],
          ...policy.options,
        });
        try {
          await measure(pool, 0.3);
          const { latencies, callsPerSecond } = await measure(pool, seconds);
          rows.push(
            row(`p50 ms: ${scenario}`, policy.name, percentile(latencies, 50), 'ms', false),
            row(`p99 ms: ${scenario}`, policy.name, percentile(latencies, 99), 'ms', false),
            row(`calls/s: ${scenario}`, policy.name, callsPerSecond, 'calls/s', true),
          );
        } finally {
          await pool.close();
        }
      }
      return rows;
    } finally {
      await Promise.all(exporters.map((e) => e.close()));
    }
  },
};

/** Each call's latency and the calls/s of `pool` at IN_FLIGHT concurrent calls for `seconds`. */
async function measure(
  pool: HighAvailabilityProxy,
  seconds: number,
): Promise<{ latencies: number[]; callsPerSecond: number }> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await pool.invoke('work', []);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies, callsPerSecond: latencies.length / seconds };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0;
}

function row(
  caseName: string,
  contender: string,
  value: number,
  unit: string,
  higherIsBetter: boolean,
): BenchRow {
  return { section: 'balancing', case: caseName, contender, value, unit, higherIsBetter };
}
