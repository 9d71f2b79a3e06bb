import fc from 'fast-check';

import { mutate, mutation } from './arbitraries.js';
import type { CoverageProbe, CoverageSample } from './CoverageProbe.js';
import { REGRESSIONS_DIR, saveRegression } from './fuzzContract.js';

/** What {@link coverageGuided} fuzzes, and its bounds. */
export interface CoverageGuidedOptions {
  /** Name used for saved regression fixtures (`<target>-<hash>.bin`). */
  readonly target: string;
  /** The starting corpus: valid messages. */
  readonly seeds: readonly Buffer[];
  /** Runs one input under the contract; throws when the contract is broken. */
  readonly run: (input: Buffer) => void | Promise<void>;
  /** Coverage of the code under test. */
  readonly probe: CoverageProbe;
  /** Stop after this many generated inputs. */
  readonly maxInputs: number;
  /** Stop after this much wall-clock time (ms), whatever the count. */
  readonly maxMs: number;
  /** fast-check seed: the same seed gives the same run. @default 42 */
  readonly seed?: number;
  /** Most inputs run between two coverage takes (see {@link coverageGuided}). @default 64 */
  readonly batchSize?: number;
  /** Called before each input runs (a watchdog keeps it, to save the input of a hang). */
  readonly onInput?: (input: Buffer) => void;
  /** Mutated inputs are cut to this length so the corpus does not drift into huge messages. @default 4096 */
  readonly maxInputBytes?: number;
  /** Where contract violations are saved (tests of the fuzzer itself use a temporary directory). @default REGRESSIONS_DIR */
  readonly regressionsDir?: string | undefined;
  /**
   * Coverage feedback on. `false` never keeps an input (the corpus stays the
   * seeds): a blind mutation fuzzer with the same budget, to show what the
   * guidance adds. @default true
   */
  readonly guided?: boolean | undefined;
}

/** The figures of one run. */
export interface CoverageGuidedResult {
  readonly inputs: number;
  /** Inputs run a second time, one by one, to find which input of a batch brought new coverage. */
  readonly replays: number;
  readonly seeds: number;
  readonly corpusSize: number;
  /** Distinct blocks run by the seeds alone, and by the final corpus (same block universe). */
  readonly seedBlocks: number;
  readonly corpusBlocks: number;
  /** Distinct (block, hit-count bucket) features of the seeds, and of the final corpus. */
  readonly seedFeatures: number;
  readonly corpusFeatures: number;
  readonly ms: number;
  readonly inputsPerSecond: number;
  /** Contract violations: the fixture each was saved as, and the error. */
  readonly failures: readonly { readonly saved: string; readonly message: string }[];
}

/** How one input is made from the corpus: a few mutations, sometimes after a splice with another entry. */
const plan = fc.record({
  pick: fc.nat(),
  other: fc.nat(),
  splice: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  cutA: fc.nat(),
  cutB: fc.nat(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

type Plan = typeof plan extends fc.Arbitrary<infer P> ? P : never;

const MAX_FAILURES = 5;
const PLANS_PER_DRAW = 512;

/**
 * A small coverage-guided fuzzer (in the manner of AFL/libFuzzer): picks a
 * corpus entry, mutates it with fast-check-drawn operators (byte flips,
 * inserts, deletions, duplications, truncations, invalid UTF-8, dictionary
 * tokens, splices with another entry), runs it under the contract, and keeps
 * it when it reached coverage the corpus had not.
 *
 * Taking coverage costs far more than decoding a small message, so inputs run
 * in batches with one take per batch. A batch that ran a block never run
 * before is replayed input by input (one take each) to attribute the new
 * coverage; an input joins the corpus when it brings a new (block, hit-count
 * bucket) feature. Contract violations are saved as regression fixtures.
 */
export async function coverageGuided(options: CoverageGuidedOptions): Promise<CoverageGuidedResult> {
  const { probe, run } = options;
  const seed = options.seed ?? 42;
  const maxBytes = options.maxInputBytes ?? 4096;
  const maxBatch = Math.max(1, options.batchSize ?? 64);
  const regressionsDir = options.regressionsDir ?? REGRESSIONS_DIR;
  const guided = options.guided ?? true;
  const failures: { saved: string; message: string }[] = [];
  const blocks = new Set<string>();
  const features = new Set<string>();
  const corpus: Buffer[] = [];

  const attempt = async (input: Buffer): Promise<void> => {
    options.onInput?.(input);
    try {
      await run(input);
    } catch (error) {
      const saved = saveRegression(options.target, input, regressionsDir);
      failures.push({ saved, message: error instanceof Error ? error.message : String(error) });
    }
  };
  /** Runs `input` alone and returns what it covered. */
  const covered = async (input: Buffer): Promise<CoverageSample> => {
    probe.take();
    await attempt(input);
    return probe.take();
  };
  const absorb = (sample: CoverageSample): boolean => {
    let fresh = false;
    for (const [block, hits] of sample) {
      const feature = `${block}@${String(hits)}`;
      if (features.has(feature)) continue;
      features.add(feature);
      blocks.add(block);
      fresh = true;
    }
    return fresh;
  };

  for (const input of options.seeds) {
    absorb(await covered(input));
    corpus.push(input);
  }

  const started = performance.now();
  const plans: Plan[] = [];
  let inputs = 0;
  let replays = 0;
  let round = 0;
  let size = 1;
  while (
    inputs < options.maxInputs &&
    performance.now() - started < options.maxMs &&
    failures.length < MAX_FAILURES
  ) {
    // Drawing plans in bulk keeps fast-check out of most coverage takes (a take costs per function run).
    if (plans.length < size) {
      // Mixed, not `seed + round`: seeds n and n + 1 would otherwise draw the same plans one round apart.
      plans.push(...fc.sample(plan, { numRuns: PLANS_PER_DRAW, seed: Math.imul(seed, 0x9e3779b1) + round }));
      round += 1;
    }
    const batch = plans
      .splice(0, Math.min(size, options.maxInputs - inputs))
      .map((p) => build(corpus, p, maxBytes));
    probe.take();
    for (const input of batch) await attempt(input);
    inputs += batch.length;
    const sample = probe.take();
    if (!guided) {
      size = maxBatch; // Nothing to attribute: one take per full batch.
      continue;
    }
    const newBlock = [...sample.keys()].some((block) => !blocks.has(block));
    // Adaptive batches: one take per input while inputs keep finding coverage, fewer as finds dry up.
    size = newBlock ? Math.max(1, size >> 2) : Math.min(maxBatch, size * 2);
    if (batch.length === 1) {
      if (absorb(sample) && batch[0] !== undefined) corpus.push(batch[0]);
      continue;
    }
    if (!newBlock) continue;
    for (const input of batch) {
      replays += 1;
      await attempt(input);
      if (absorb(probe.take())) corpus.push(input);
    }
  }
  const ms = performance.now() - started;

  const union = async (inputsToRun: readonly Buffer[]): Promise<CoverageSample> => {
    const merged = new Map<string, number>();
    for (const input of inputsToRun) {
      for (const [block, hits] of await covered(input)) merged.set(`${block}@${String(hits)}`, hits);
    }
    return merged;
  };
  // Both measured now, against the same block universe: the blocks known at the end.
  const seedUnion = await union(options.seeds);
  const corpusUnion = await union(corpus);
  const distinctBlocks = (sample: CoverageSample): number =>
    new Set([...sample.keys()].map((feature) => feature.slice(0, feature.lastIndexOf('@')))).size;
  return {
    inputs,
    replays,
    seeds: options.seeds.length,
    corpusSize: corpus.length,
    seedBlocks: distinctBlocks(seedUnion),
    corpusBlocks: distinctBlocks(corpusUnion),
    seedFeatures: seedUnion.size,
    corpusFeatures: corpusUnion.size,
    ms,
    inputsPerSecond: inputs / (ms / 1000),
    failures,
  };
}

/** Makes one input from the corpus by `p`. */
function build(corpus: readonly Buffer[], p: Plan, maxBytes: number): Buffer {
  const base = corpus[p.pick % corpus.length] ?? Buffer.alloc(0);
  let input = base;
  if (p.splice) {
    const other = corpus[p.other % corpus.length] ?? base;
    input = Buffer.concat([
      base.subarray(0, p.cutA % (base.length + 1)),
      other.subarray(p.cutB % (other.length + 1)),
    ]);
  }
  input = p.mutations.reduce(mutate, input);
  return input.length > maxBytes ? input.subarray(0, maxBytes) : input;
}
