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

/**
 * Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns
 * operations per second. A promise is awaited (the npm package decodes through
 * a stream); a plain result is not, so synchronous contenders are not charged
 * for a microtask turn per operation, which is not part of their cost.
 */
async function measure(ms: number, fn: () => unknown): Promise<number> {
  const warmEnd = performance.now() + ms / 3;
  while (performance.now() < warmEnd) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    const result = fn();
    if (result instanceof Promise) await result;
    ops++;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
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

      add(c, 'encode', 'spindle', await measure(ms, spindleEncode), spindleBody.length);
      add(c, 'encode', 'xmlrpc (npm)', await measure(ms, npmEncode), npmBody.length);
      add(c, 'encode', 'JSON', await measure(ms, jsonEncode), jsonBody.length);

      const spindleDecode =
        c.kind === 'call'
          ? (): unknown => decodeCall(spindleBody)
          : (): unknown => decodeResponse(spindleBody);
      add(c, 'decode', 'spindle', await measure(ms, spindleDecode), spindleBody.length);
      add(c, 'decode', 'xmlrpc (npm)', await measure(ms, () => npmDecode(c, npmBody)), npmBody.length);
      add(
        c,
        'decode',
        'JSON',
        await measure(ms, () => JSON.parse(jsonBody.toString('utf8')) as unknown),
        jsonBody.length,
      );
    }
    return rows;
  },
};
