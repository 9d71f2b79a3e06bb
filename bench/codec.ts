import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

import { decodeCall, decodeResponse, encodeCall, encodeResponse } from '../src/entries/codec.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';

/** The parts of the npm `xmlrpc` package the bench drives, used as its client and server do. */
interface NpmSerializer {
  serializeMethodCall(method: string, params: unknown[]): string;
  serializeMethodResponse(value: unknown): string;
}
type NpmDeserializer = new () => {
  deserializeMethodCall(
    stream: Readable,
    cb: (error: unknown, method: string, params: unknown[]) => void,
  ): void;
  deserializeMethodResponse(stream: Readable, cb: (error: unknown, value: unknown) => void): void;
};

const require = createRequire(import.meta.url);
const npmSerializer = require('xmlrpc/lib/serializer.js') as NpmSerializer;
const NpmDeserializerClass = require('xmlrpc/lib/deserializer.js') as NpmDeserializer;

interface Case {
  readonly name: string;
  readonly kind: 'call' | 'response';
  readonly method: string;
  readonly params: unknown[];
}

function smallStruct(i: number): Record<string, unknown> {
  return { id: i, name: `item ${i}` };
}

function twoKbStruct(): Record<string, unknown> {
  const value: Record<string, unknown> = { title: 'A moderately sized struct', count: 42, ratio: 0.125 };
  for (let i = 0; i < 12; i++) value[`field${i}`] = { text: `value & <text> ${i}`, n: i, ok: true };
  value['list'] = [1, 2, 3, 4, 5, 'six', 7.5];
  return value;
}

const cases: readonly Case[] = [
  { name: 'small call add(2,3)', kind: 'call', method: 'add', params: [2, 3] },
  { name: '~2 KB struct', kind: 'response', method: 'get', params: [twoKbStruct()] },
  {
    name: '~1.7 MB array of 10,000 structs',
    kind: 'response',
    method: 'list',
    params: [Array.from({ length: 10_000 }, (_, i) => smallStruct(i))],
  },
];

/** Runs `fn` until `ms` milliseconds have passed; returns the operations done and the milliseconds taken. */
async function run(ms: number, fn: () => unknown): Promise<{ ops: number; ms: number }> {
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    // A promise is awaited (the npm package decodes through a stream); a plain
    // result is not, so synchronous contenders pay no microtask turn per operation.
    const result = fn();
    if (result instanceof Promise) await result;
    ops++;
    now = performance.now();
  }
  return { ops, ms: now - start };
}

/**
 * Operations per second of each contender over about `ms` milliseconds each,
 * measured interleaved in the same process: short slices in turn, the order
 * reversed every round, so a noisy neighbour or a GC burst hurts every
 * contender alike and the ratios stay honest on a loaded machine.
 */
async function measureInterleaved(
  ms: number,
  contenders: readonly (readonly [string, () => unknown])[],
): Promise<Map<string, number>> {
  const rounds = 10;
  for (const [, fn] of contenders) await run(ms / 10, fn); // warm up
  const totals = new Map(contenders.map(([name]) => [name, { ops: 0, ms: 0 }]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const [name, fn] of order) {
      const slice = await run(ms / rounds, fn);
      const total = totals.get(name);
      if (total !== undefined) {
        total.ops += slice.ops;
        total.ms += slice.ms;
      }
    }
  }
  return new Map([...totals].map(([name, total]) => [name, (total.ops * 1000) / total.ms]));
}

function npmDecode(c: Case, body: Buffer): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const deserializer = new NpmDeserializerClass();
    const stream = Readable.from([body]);
    if (c.kind === 'call') {
      deserializer.deserializeMethodCall(stream, (error, _method, params) => {
        if (error === null || error === undefined) resolve(params);
        else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      });
    } else {
      deserializer.deserializeMethodResponse(stream, (error, value) => {
        if (error === null || error === undefined) resolve(value);
        else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      });
    }
  });
}

/** Codec throughput: Spindle against the npm `xmlrpc` package and JSON (the ceiling), same values. */
export const codecSection: BenchSection = {
  name: 'codec',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    const ms = options.quick ? 300 : 2000;
    const rows: BenchRow[] = [];
    const add = (c: Case, op: string, contender: string, opsPerSecond: number, bytes: number): void => {
      const label = `${op} ${c.name}`;
      rows.push({
        section: 'codec',
        case: `${label} (ops/s)`,
        contender,
        value: opsPerSecond,
        unit: 'ops/s',
        higherIsBetter: true,
      });
      rows.push({
        section: 'codec',
        case: `${label} (MB/s)`,
        contender,
        value: (opsPerSecond * bytes) / 1e6,
        unit: 'MB/s',
        higherIsBetter: true,
      });
    };
    // Spindle and JSON interleaved, every case first; the npm package on its own
    // afterwards, so the garbage its slow runs leave is not collected during theirs.
    const measured = [];
    for (const c of cases) {
      const value = c.kind === 'call' ? c.params : c.params[0];
      const spindleEncode =
        c.kind === 'call'
          ? (): Buffer => encodeCall(c.method, c.params)
          : (): Buffer => encodeResponse(value);
      const npmEncode =
        c.kind === 'call'
          ? (): Buffer => Buffer.from(npmSerializer.serializeMethodCall(c.method, c.params))
          : (): Buffer => Buffer.from(npmSerializer.serializeMethodResponse(value));
      const jsonEncode = (): Buffer => Buffer.from(JSON.stringify(value));
      const spindleBody = spindleEncode();
      const npmBody = npmEncode();
      const jsonBody = jsonEncode();
      const spindleDecode =
        c.kind === 'call'
          ? (): unknown => decodeCall(spindleBody)
          : (): unknown => decodeResponse(spindleBody);
      const sizes = new Map([
        ['spindle', spindleBody.length],
        ['xmlrpc (npm)', npmBody.length],
        ['JSON', jsonBody.length],
      ]);
      const ops = {
        encode: await measureInterleaved(ms, [
          ['spindle', spindleEncode],
          ['JSON', jsonEncode],
        ]),
        decode: await measureInterleaved(ms, [
          ['spindle', spindleDecode],
          ['JSON', () => JSON.parse(jsonBody.toString('utf8')) as unknown],
        ]),
      };
      measured.push({ c, ops, sizes, npmEncode, npmDecode: () => npmDecode(c, npmBody) });
    }
    for (const { ops, npmEncode, npmDecode: npmDecodeCase } of measured) {
      const npm = 'xmlrpc (npm)';
      ops.encode.set(npm, (await measureInterleaved(ms, [[npm, npmEncode]])).get(npm) ?? 0);
      ops.decode.set(npm, (await measureInterleaved(ms, [[npm, npmDecodeCase]])).get(npm) ?? 0);
    }
    for (const { c, ops, sizes } of measured) {
      for (const op of ['encode', 'decode'] as const) {
        for (const [contender, opsPerSecond] of ops[op]) {
          add(c, op, contender, opsPerSecond, sizes.get(contender) ?? 0);
        }
        // The figure the codec is held to: its time per message over JSON's, same values, same run.
        const json = ops[op].get('JSON') ?? 0;
        const spindle = ops[op].get('spindle') ?? 0;
        rows.push({
          section: 'codec',
          case: `${op} ${c.name}: time ÷ JSON's`,
          contender: 'spindle',
          value: spindle === 0 ? 0 : json / spindle,
          unit: '×',
          higherIsBetter: false,
        });
      }
    }
    return rows;
  },
};
