/**
 * Worker-thread entry of the coverage-guided fuzzer. Precise coverage slows the
 * isolate it runs in and resets V8's counters on every take, which would
 * corrupt c8's figures and slow the rest of the mocha run; a worker has an
 * isolate of its own. Request in `workerData`, result posted back once.
 */
import { parentPort, workerData } from 'node:worker_threads';

import fc from 'fast-check';

import { encodeCall, encodeFault } from '../../src/codec/index.js';
import { ServiceDispatcher } from '../../src/rpc/index.js';
import { validCall, validResponse } from './arbitraries.js';
import { coverageGuided } from './coverageGuided.js';
import type { CoverageGuidedResult } from './coverageGuided.js';
import { CoverageProbe } from './CoverageProbe.js';
import { checkContextReader, contextSeeds } from './contextContract.js';
import { checkDecoders, checkHandler, FuzzStats } from './fuzzContract.js';
import { FuzzService } from './FuzzService.js';
import { plantedFields, PlantedFormatError, plantedParse } from './plantedParser.js';

/**
 * What the spec asks the worker to fuzz. `planted-*` are test-only targets
 * with planted bugs (test/fuzz/plantedParser.ts), for testing the fuzzer itself.
 */
export interface CoverageWorkerRequest {
  readonly target: 'decoder' | 'handler' | 'context-xml' | 'context-yaml' | 'planted-magic' | 'planted-nul';
  readonly maxInputs: number;
  readonly maxMs: number;
  readonly seed: number;
  readonly batchSize: number;
  /** Where violations and hangs are saved. @default REGRESSIONS_DIR */
  readonly regressionsDir?: string | undefined;
  /** Coverage feedback on (see `CoverageGuidedOptions.guided`). @default true */
  readonly guided?: boolean | undefined;
  /** Mutated inputs are cut to this length (see `CoverageGuidedOptions.maxInputBytes`). @default 4096 */
  readonly maxInputBytes?: number | undefined;
  /**
   * Longest one input may run before the watchdog ends the worker as a hang (measured from
   * the input's start, so a slow machine that keeps making progress is never taken for a
   * hang). @default HANG_MS * 10
   */
  readonly watchdogMs?: number | undefined;
  /** The input being run: a 4-byte length, a 4-byte count of inputs started, then its bytes (so a watchdog can see progress and save a hang). */
  readonly current: SharedArrayBuffer;
}

/** What the worker posts back. */
export interface CoverageWorkerReply extends CoverageGuidedResult {
  readonly crashes: number;
  readonly hangs: number;
  readonly maxMs: number;
  readonly unhandledRejections: readonly string[];
}

const request = workerData as CoverageWorkerRequest;
const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
});

const header = new Int32Array(request.current, 0, 2);
const bytes = new Uint8Array(request.current, 8);
const keep = (input: Buffer): void => {
  const n = Math.min(input.length, bytes.length);
  bytes.set(input.subarray(0, n));
  header[0] = n;
  Atomics.add(header, 1, 1);
};

const valid = (arbitrary: fc.Arbitrary<Buffer>, n: number): Buffer[] =>
  fc.sample(arbitrary, { numRuns: n, seed: request.seed });
const call = (method: string, ...params: unknown[]): Buffer => encodeCall(method, params);
const stats = new FuzzStats();
const dispatcher = new ServiceDispatcher({ callTimeoutMs: 500 });
dispatcher.registerInstance(new FuzzService());

/** The planted targets' contract: a tag, or the typed `PlantedFormatError`; anything else is a crash. */
const plantedContract = (input: Buffer): void => {
  try {
    plantedParse(input);
  } catch (error) {
    if (error instanceof PlantedFormatError) return;
    stats.crashes += 1;
    throw new Error(`crash in plantedParse: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
};
/** How long the planted NUL bug spins: far past any watchdog bound, so only the watchdog stops it. */
const PLANTED_SPIN_MS = 60_000;

interface Target {
  readonly filter: RegExp;
  readonly seeds: readonly Buffer[];
  readonly run: (input: Buffer) => void | Promise<void>;
}

function targetFor(name: CoverageWorkerRequest['target']): Target {
  switch (name) {
    case 'planted-magic':
    case 'planted-nul':
      return {
        filter: /\/dist\/test\/fuzz\/plantedParser\.js$/,
        seeds: ['tag', 'abcd', 'record,1,2'].map((text) => Buffer.from(text, 'latin1')),
        run:
          name === 'planted-magic'
            ? plantedContract
            : (input: Buffer): void => {
                plantedFields(input, PLANTED_SPIN_MS);
              },
      };
    case 'decoder':
      return {
        filter: /\/dist\/src\/codec\//,
        seeds: [...valid(validCall, 24), ...valid(validResponse, 24), encodeFault(4, 'too many')],
        run: (input: Buffer): void => {
          checkDecoders(input, stats);
        },
      };
    case 'handler':
      return {
        filter: /\/dist\/src\/(codec|rpc\/server|transport\/server)\//,
        seeds: [
          ...valid(validCall, 16),
          call('add', 2, 3),
          call('echo', 'x', [1, 2], { a: true }),
          call('later', 1.5),
          call('fail', 'no'),
          call('system.listMethods'),
          call('system.multicall', [
            { methodName: 'add', params: [1, 2] },
            { methodName: 'echo', params: [] },
          ]),
        ],
        run: (input: Buffer): Promise<void> => checkHandler(dispatcher, input, stats),
      };
    case 'context-xml':
    case 'context-yaml': {
      const format = name === 'context-xml' ? 'xml' : 'yaml';
      return {
        filter: /\/dist\/src\/(config|definitions)\//,
        seeds: contextSeeds(format, request.maxInputBytes ?? 4096),
        run: (input: Buffer): Promise<void> => checkContextReader(input, format, stats),
      };
    }
  }
}

const target = targetFor(request.target);
const probe = new CoverageProbe(target.filter);
const result = await coverageGuided({
  target: `coverage-${request.target}`,
  seeds: target.seeds,
  run: target.run,
  probe,
  maxInputs: request.maxInputs,
  maxMs: request.maxMs,
  seed: request.seed,
  batchSize: request.batchSize,
  onInput: keep,
  regressionsDir: request.regressionsDir,
  guided: request.guided,
  ...(request.maxInputBytes === undefined ? {} : { maxInputBytes: request.maxInputBytes }),
});
probe.close();
const reply: CoverageWorkerReply = {
  ...result,
  crashes: stats.crashes,
  hangs: stats.hangs,
  maxMs: stats.maxMs,
  unhandledRejections: unhandled,
};
parentPort?.postMessage(reply);
