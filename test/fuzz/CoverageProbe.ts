import { Session } from 'node:inspector';

/** One block range of V8's precise coverage (offsets into the script source). */
interface RawRange {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}

interface RawFunction {
  readonly functionName: string;
  readonly ranges: readonly RawRange[];
}

interface RawScript {
  readonly url: string;
  readonly functions: readonly RawFunction[];
}

/** AFL's hit-count buckets: 1, 2, 3, 4–7, 8–15, 16–31, 32–127, 128+. */
export function bucket(count: number): number {
  if (count <= 3) return count;
  if (count < 8) return 4;
  if (count < 16) return 5;
  if (count < 32) return 6;
  if (count < 128) return 7;
  return 8;
}

/** What one `take()` saw: blocks run (by id) with their bucketed hit counts. */
export type CoverageSample = ReadonlyMap<string, number>;

/**
 * V8's precise block coverage of the scripts whose URL matches `filter`, read
 * in-process through `node:inspector` (no native addon). `take()` returns the
 * blocks run since the previous `take()` (V8 resets the counts on each take).
 *
 * V8 merges a nested range into its parent when both have the same count, so a
 * block is not always reported on its own. The probe therefore keeps every
 * range ever reported (the block universe) and reads a block's count as the
 * count of the innermost reported range containing its start, which is what V8
 * means by the merged report.
 *
 * Precise coverage slows the whole isolate and `take()` resets counts for any
 * other reader (c8), so run the probe in a worker thread of its own.
 */
export class CoverageProbe {
  private readonly session = new Session();
  /** Block ranges seen so far, per function (key `url#functionStart`). */
  private readonly universe = new Map<string, Set<string>>();

  public constructor(private readonly filter: RegExp) {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** Blocks in the universe so far (every block ever reported, run or not). */
  public get knownBlocks(): number {
    let n = 0;
    for (const blocks of this.universe.values()) n += blocks.size;
    return n;
  }

  /** The blocks run since the last take, with bucketed counts; resets V8's counts. */
  public take(): CoverageSample {
    const sample = new Map<string, number>();
    for (const script of this.takeRaw()) {
      if (!this.filter.test(script.url)) continue;
      for (const fn of script.functions) this.readFunction(script.url, fn, sample);
    }
    return sample;
  }

  /** Stops coverage and disconnects. */
  public close(): void {
    this.post('Profiler.stopPreciseCoverage');
    this.post('Profiler.disable');
    this.session.disconnect();
  }

  private readFunction(url: string, fn: RawFunction, sample: Map<string, number>): void {
    const top = fn.ranges[0];
    if (top === undefined) return;
    const key = `${url}#${String(top.startOffset)}`;
    let blocks = this.universe.get(key);
    if (blocks === undefined) {
      blocks = new Set();
      this.universe.set(key, blocks);
    }
    for (const range of fn.ranges) blocks.add(`${String(range.startOffset)}-${String(range.endOffset)}`);
    if (top.count === 0) return;
    for (const block of blocks) {
      const start = Number(block.slice(0, block.indexOf('-')));
      const count = innermostCount(fn.ranges, start);
      if (count > 0) sample.set(`${key}:${block}`, bucket(count));
    }
  }

  private takeRaw(): readonly RawScript[] {
    let scripts: readonly RawScript[] = [];
    this.session.post('Profiler.takePreciseCoverage', (error, result) => {
      if (error !== null) throw error;
      scripts = result.result;
    });
    return scripts;
  }

  private post(method: string, params?: object): void {
    // The inspector answers an in-process session synchronously, before post() returns.
    this.session.post(method, params, (error) => {
      if (error !== null) throw error;
    });
  }
}

/** The count of the innermost range containing `offset` (ranges come outermost first). */
function innermostCount(ranges: readonly RawRange[], offset: number): number {
  let count = 0;
  let width = Infinity;
  for (const range of ranges) {
    const w = range.endOffset - range.startOffset;
    if (range.startOffset <= offset && offset < range.endOffset && w <= width) {
      count = range.count;
      width = w;
    }
  }
  return count;
}
