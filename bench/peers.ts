import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import jayson from 'jayson';

import { createProxy, HighAvailabilityProxy, invokerOf } from '../src/index.js';
import { encodeCall } from '../src/entries/codec.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';
import { interleaved, measureCalls } from './interleaved.js';

const here = join(fileURLToPath(import.meta.url), '..');
const PROTO_PATH = join(here, '..', '..', 'bench', 'calculator.proto');
const IN_FLIGHT = 32;

/** Starts `peerServer.js kind count` in a child process; resolves with the ports it listens on. */
async function startServer(kind: string, count = 1): Promise<{ ports: number[]; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(here, 'peerServer.js'), kind, String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<number[]>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(JSON.parse(out) as number[]);
    });
    child.once('exit', (code) => {
      reject(new Error(`${kind} bench server exited with ${String(code)}`));
    });
  });
  return { ports, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** `add(2, 3)` through `@grpc/grpc-js`'s generated unary client (protobuf). */
function grpcAdd(port: number): { add: () => Promise<unknown>; close: () => void } {
  const definition = grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_PATH));
  const Calculator = (definition['bench'] as grpc.GrpcObject)['Calculator'] as grpc.ServiceClientConstructor;
  const client = new Calculator(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const method = client['Add'] as (
    request: { a: number; b: number },
    callback: (error: grpc.ServiceError | null, reply: { sum: number }) => void,
  ) => void;
  return {
    add: () =>
      new Promise((resolve, reject) => {
        method.call(client, { a: 2, b: 3 }, (error, reply) => {
          if (error === null) resolve(reply.sum);
          else reject(error);
        });
      }),
    close: () => {
      client.close();
    },
  };
}

/** `add(2, 3)` through `jayson`'s JSON-RPC 2.0 HTTP client over a keep-alive agent. */
function jaysonAdd(port: number): { add: () => Promise<unknown>; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const client = jayson.Client.http({ host: '127.0.0.1', port, agent });
  return {
    add: () =>
      new Promise((resolve, reject) => {
        client.request('add', [2, 3], (error: unknown, response: { result?: unknown; error?: unknown }) => {
          if (error === null && response.error === undefined) resolve(response.result);
          else reject(new Error(`jayson call failed: ${JSON.stringify(error ?? response.error)}`));
        });
      }),
    close: () => {
      agent.destroy();
    },
  };
}

/** Bytes of each ping: about what an add(2,3) call puts on the wire, headers included. */
const PING_BYTES = 300;

/** The request Spindle's proxy sends for add(2,3), less its per-call headers: for the HTTP floor. */
const ADD_REQUEST = ((): Buffer => {
  const body = encodeCall('add', [2, 3]);
  const head = `POST /Calculator HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
})();

/**
 * One TCP connection on which each ping writes `payload` and resolves once
 * the whole answer is back: `answerBytes` of it, or (when undefined) an HTTP
 * response as long as its head and `Content-Length` say, learnt from the
 * first one (the bare server's answers all have the same length).
 */
async function socketPing(
  port: number,
  payload: Buffer,
  answerBytes: number | undefined,
): Promise<{ ping: () => Promise<unknown>; close: () => void }> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let expected = answerBytes;
  let head = Buffer.alloc(0);
  let received = 0;
  let done: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (expected === undefined) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      const length = /content-length: *(\d+)/i.exec(head.toString('latin1', 0, Math.max(0, end)));
      if (end < 0 || length === null) return;
      expected = end + 4 + Number(length[1]);
    }
    if (received >= expected && done !== undefined) {
      received = 0;
      const resolve = done;
      done = undefined;
      resolve();
    }
  });
  return {
    ping: () =>
      new Promise<void>((resolve) => {
        done = resolve;
        socket.write(payload);
      }),
    close: () => {
      socket.destroy();
    },
  };
}

/**
 * `peers`: what users would pick instead, each framework's own client against
 * its own server (a child process each), add(2,3) sequential and 32 in flight:
 * Spindle's proxy → exporter and its HighAvailabilityProxy over three exporters,
 * `@grpc/grpc-js` unary with protobuf, and `jayson` JSON-RPC 2.0 over HTTP.
 * The contenders run interleaved in short slices, so ratios come from one run.
 * The sequential case also times two floors: a bare TCP ping-pong between two
 * processes, and a fixed HTTP request from a raw socket to a bare node:http
 * server that answers fixed bytes (no encoding, parsing or dispatch on
 * either side): what any sequential round trip, and any over HTTP, costs here.
 */
export const peersSection: BenchSection = {
  name: 'peers',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    const ms = options.quick ? 500 : 2000;
    const rounds = options.quick ? 2 : 4;
    const servers = {
      spindle: await startServer('spindle', 1),
      pool: await startServer('spindle', 3),
      grpc: await startServer('grpc'),
      jayson: await startServer('jayson'),
      echo: await startServer('echo'),
      http: await startServer('http'),
    };
    const url = (port: number | undefined): string => `http://127.0.0.1:${String(port)}/Calculator`;
    const proxy = createProxy<{ add(a: number, b: number): Promise<number> }>(url(servers.spindle.ports[0]));
    const pool = new HighAvailabilityProxy({
      members: servers.pool.ports.map((port) => url(port)),
      discoverIdempotent: false,
    });
    const grpcClient = grpcAdd(servers.grpc.ports[0] ?? 0);
    const jaysonClient = jaysonAdd(servers.jayson.ports[0] ?? 0);
    // Two floors: bytes back and forth, and a fixed request to a server that answers fixed bytes.
    const floors = [
      [
        'TCP ping-pong, no RPC (the floor)',
        await socketPing(servers.echo.ports[0] ?? 0, Buffer.alloc(PING_BYTES, 0x78), PING_BYTES),
      ],
      [
        'raw socket → bare node:http, no RPC work (the floor with HTTP)',
        await socketPing(servers.http.ports[0] ?? 0, ADD_REQUEST, undefined),
      ],
    ] as const;
    const contenders = [
      ['spindle: proxy → exporter', () => proxy.add(2, 3)],
      ['spindle: HighAvailabilityProxy over 3 exporters', () => pool.invoke('add', [2, 3])],
      ['@grpc/grpc-js (unary, protobuf)', grpcClient.add],
      ['jayson (JSON-RPC 2.0, keep-alive)', jaysonClient.add],
    ] as const;
    const rows: BenchRow[] = [];
    try {
      for (const [, call] of contenders) await measureCalls(300, 4, call); // warm up: JIT, sockets
      for (const [, floor] of floors) await measureCalls(300, 1, floor.ping);
      for (const [name, lanes] of [
        ['add(2,3) sequential', 1],
        [`add(2,3) ${IN_FLIGHT} in flight`, IN_FLIGHT],
      ] as const) {
        // A floor is one connection, so it takes part in the sequential case only.
        const timed =
          lanes === 1
            ? [...contenders, ...floors.map(([name, floor]) => [name, floor.ping] as const)]
            : contenders;
        const rates = await interleaved(
          rounds,
          timed.map(([contender, call]) => [contender, () => measureCalls(ms / rounds, lanes, call)]),
        );
        // One case per Spindle client, so the table states its lead over each peer.
        for (const spindle of [contenders[0][0], contenders[1][0]]) {
          const caseName = `${name}, ${spindle.slice('spindle: '.length)}`;
          for (const [contender, rate] of rates) {
            if (contender.startsWith('spindle') && contender !== spindle) continue;
            rows.push({
              section: 'peers',
              case: caseName,
              contender: contender === spindle ? 'spindle' : contender,
              value: rate,
              unit: 'calls/s',
              higherIsBetter: true,
            });
          }
        }
      }
    } finally {
      await Promise.all([invokerOf(proxy).close(), pool.close()]);
      grpcClient.close();
      jaysonClient.close();
      for (const [, floor] of floors) floor.close();
      await Promise.all(Object.values(servers).map(({ child }) => stop(child)));
    }
    return rows;
  },
};
