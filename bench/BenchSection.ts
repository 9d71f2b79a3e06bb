/** One measured figure of one contender in one case. */
export interface BenchRow {
  /** The section, e.g. `codec`, `server`, `client`, `pool`. */
  readonly section: string;
  /** The case, e.g. `decode 1.7 MB array of 10,000 structs`. */
  readonly case: string;
  /** Who was measured: `spindle`, `xmlrpc (npm)`, `JSON`, `bare node:http`. */
  readonly contender: string;
  readonly value: number;
  /** e.g. `MB/s`, `ops/s`, `req/s`, `ms`. */
  readonly unit: string;
  /** Whether a larger value is better (throughput) or worse (latency). */
  readonly higherIsBetter: boolean;
}

/** A part of `npm run bench`; each section measures its contenders side by side. */
export interface BenchSection {
  readonly name: string;
  run(options: BenchOptions): Promise<readonly BenchRow[]>;
}

/** Options from the command line. */
export interface BenchOptions {
  /** Shorter runs for a smoke check (`--quick`). @default false */
  readonly quick: boolean;
}
