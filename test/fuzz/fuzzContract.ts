import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { CodecError, decodeCall, decodeResponse, Fault } from '../../src/codec/index.js';
import type { ServiceDispatcher } from '../../src/rpc/index.js';

/** Longest one input may take before it counts as a hang (generous: the machine is shared). */
export const HANG_MS = 2000;

/** Where failing inputs are kept (the source tree, so they are committed and replayed). */
export const REGRESSIONS_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'fuzz-regressions',
);

/** Scales every run count: `SPINDLE_FUZZ_SCALE=0.1` for a quick look, `10` for a long hunt. */
export function runs(base: number): number {
  const scale = Number(process.env['SPINDLE_FUZZ_SCALE'] ?? '1');
  return Math.max(10, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Figures one fuzz target gathers. */
export class FuzzStats {
  public inputs = 0;
  public crashes = 0;
  public hangs = 0;
  public maxMs = 0;
  public typedErrors = 0;

  /** The figures as a plain object, for the reliability report. */
  public figures(): Record<string, number> {
    return {
      inputs: this.inputs,
      crashes: this.crashes,
      hangs: this.hangs,
      maxMs: this.maxMs,
      typedErrors: this.typedErrors,
    };
  }

  /** Times `fn`; a run over HANG_MS is a hang. */
  public time<T>(fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.record(performance.now() - started);
    }
  }

  public record(ms: number): void {
    this.inputs += 1;
    this.maxMs = Math.max(this.maxMs, ms);
    if (ms > HANG_MS) {
      this.hangs += 1;
      throw new Error(`hang: one input took ${ms.toFixed(0)} ms (bound ${HANG_MS} ms)`);
    }
  }
}

/** The decoder contract: a value, or a typed `CodecError` (a `Fault` too, for responses). Nothing else. */
export function checkDecoders(input: Buffer, stats: FuzzStats): void {
  stats.time(() => {
    try {
      decodeCall(input);
    } catch (error) {
      if (!(error instanceof CodecError)) throw crash(stats, 'decodeCall', error);
      stats.typedErrors += 1;
    }
  });
  stats.time(() => {
    try {
      decodeResponse(input);
    } catch (error) {
      if (!(error instanceof CodecError) && !(error instanceof Fault))
        throw crash(stats, 'decodeResponse', error);
      stats.typedErrors += 1;
    }
  });
}

/** The handler contract: within HANG_MS, bytes that decode as a value or a fault (never garbage). */
export async function checkHandler(
  dispatcher: ServiceDispatcher,
  input: Buffer,
  stats: FuzzStats,
): Promise<void> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const reply = await Promise.race([
    dispatcher.handle(input),
    new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => {
        resolve('hang');
      }, HANG_MS * 2);
    }),
  ]);
  clearTimeout(timer);
  stats.record(reply === 'hang' ? HANG_MS * 2 : performance.now() - started);
  if (reply === 'hang') throw new Error('hang: handle() did not settle');
  if (!Buffer.isBuffer(reply)) throw new Error(`handle() gave ${typeof reply}, not a Buffer`);
  try {
    decodeResponse(reply);
  } catch (error) {
    if (!(error instanceof Fault)) throw crash(stats, 'the reply of handle()', error);
    stats.typedErrors += 1;
  }
}

function crash(stats: FuzzStats, where: string, error: unknown): Error {
  stats.crashes += 1;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`crash in ${where}: ${detail}`);
}

/**
 * Saves a failing input as `<target>-<sha256 prefix>.bin` in `dir` (by default
 * test/fixtures/fuzz-regressions, where it is committed and replayed); returns its file name.
 */
export function saveRegression(target: string, input: Buffer, dir: string = REGRESSIONS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const name = `${target}-${createHash('sha256').update(input).digest('hex').slice(0, 16)}.bin`;
  writeFileSync(join(dir, name), input);
  return name;
}

/** Every saved input, by file name. */
export function loadRegressions(): { name: string; input: Buffer }[] {
  return readdirSync(REGRESSIONS_DIR)
    .filter((name) => !name.startsWith('.') && name !== 'README.md')
    .sort()
    .map((name) => ({ name, input: readFileSync(join(REGRESSIONS_DIR, name)) }));
}

/**
 * Runs a property; on failure, saves the shrunk counterexample as a regression
 * fixture and throws with fast-check's report (seed and path to replay it).
 */
export async function fuzz(
  target: string,
  arbitrary: fc.Arbitrary<Buffer>,
  numRuns: number,
  check: (input: Buffer) => void | Promise<void>,
): Promise<void> {
  const property = fc.asyncProperty(arbitrary, async (input) => {
    await check(input);
  });
  const details = await fc.check(property, { numRuns, endOnFailure: false, maxSkipsPerRun: 0 });
  if (!details.failed) return;
  const input = details.counterexample?.[0];
  const saved = input === undefined ? 'nothing to save' : saveRegression(target, input);
  throw new Error(`${fc.defaultReportMessage(details) ?? 'fuzz failure'}\nsaved as ${saved}`);
}
