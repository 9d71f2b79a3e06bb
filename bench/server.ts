import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';

import { XmlRpcServiceExporter } from '../src/index.js';
import { decodeCall, decodeResponse, encodeCall, encodeResponse } from '../src/entries/codec.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';

/**
 * Section `server`: requests/s of an XML-RPC server under 32 keep-alive
 * connections (autocannon in this process, the server in a child process),
 * the server's CPU time per request in those runs, and the median latency of
 * sequential calls on one connection. Contenders: Spindle's exporter, the npm
 * `xmlrpc` server, a bare node:http server that reads the body and answers a
 * precomputed response (the ceiling), and the same bare server decoding each
 * call and encoding its result with Spindle's codec: what XML costs on its
 * own, so the gap between it and the exporter is the exporter's plumbing.
 *
 * On a small machine autocannon needs about a core of its own: when the
 * server is not the slower side, requests/s measure the load generator, and
 * the ratio says too little. CPU per request is the server's own cost,
 * whatever else runs.
 */

type Kind = 'spindle' | 'xmlrpc' | 'bare' | 'bare-codec';
const CONTENDERS: readonly (readonly [Kind, string])[] = [
  ['spindle', 'spindle'],
  ['xmlrpc', 'xmlrpc (npm)'],
  ['bare', 'bare node:http'],
  ['bare-codec', 'bare node:http + Spindle codec'],
];

/** A struct of about 2 KB on the wire, mixed types, for the echo case. */
function twoKilobyteStruct(): Record<string, unknown> {
  const items = Array.from({ length: 4 }, (_, i) => ({
    id: i,
    name: `item-${i}`,
    price: i + 0.25,
    tags: ['a', 'b'],
  }));
  return { customer: 'Spindle Bench & Co <test>', active: true, count: 4, items };
}

const ADD_BODY = encodeCall('add', [2, 3]);
const ECHO_VALUE = twoKilobyteStruct();
const ECHO_BODY = encodeCall('echo', [ECHO_VALUE]);

interface XmlRpcModule {
  createServer(
    options: { host: string; port: number },
    ready?: () => void,
  ): {
    on(
      method: string,
      handler: (error: unknown, params: unknown[], reply: (e: unknown, v: unknown) => void) => void,
    ): void;
    httpServer: { address(): { port: number } };
  };
}

/** Child-process side: start one contender on a free port and print the port. */
async function serve(kind: Kind): Promise<void> {
  let port: number;
  if (kind === 'spindle') {
    const exporter = new XmlRpcServiceExporter({
      service: { add: (x: number, y: number) => x + y, echo: (value: unknown) => value },
      servicePort: 0,
    });
    await exporter.start();
    port = exporter.address!.port;
  } else if (kind === 'xmlrpc') {
    const xmlrpc = createRequire(import.meta.url)('xmlrpc') as XmlRpcModule;
    const server = xmlrpc.createServer({ host: '127.0.0.1', port: 0 });
    server.on('add', (_e, params, reply) => {
      reply(null, (params[0] as number) + (params[1] as number));
    });
    server.on('echo', (_e, params, reply) => {
      reply(null, params[0]);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    port = server.httpServer.address().port;
  } else {
    const addResponse = encodeResponse(5);
    const echoResponse = encodeResponse(ECHO_VALUE);
    // bare: a precomputed answer; bare-codec: the call decoded and its result encoded, nothing else.
    const answer =
      kind === 'bare'
        ? (body: Buffer): Buffer => (body.length > 500 ? echoResponse : addResponse)
        : (body: Buffer): Buffer => {
            const { method, params } = decodeCall(body);
            return encodeResponse(
              method === 'add' ? (params[0] as number) + (params[1] as number) : params[0],
            );
          };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const response = answer(Buffer.concat(chunks));
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': response.length });
        res.end(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  }
  // The parent asks for the CPU time used so far around each measured slice.
  process.on('message', () => {
    process.send?.(process.cpuUsage());
  });
  process.stdout.write(`${port}\n`);
}

/** CPU time (user + system, µs) the child server has used so far. */
function cpuTime(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (usage: NodeJS.CpuUsage) => {
      resolve(usage.user + usage.system);
    });
    child.send('cpu');
  });
}

async function startChild(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const stdout = child.stdout;
  if (stdout === null) throw new Error(`${kind} server has no stdout`);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${kind} server did not start`));
    }, 10_000);
    stdout.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString().trim()));
    });
  });
  return { child, port };
}

/** One POST on a keep-alive agent; resolves with the body. */
function post(agent: Agent, port: number, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve(Buffer.concat(chunks));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests answered in `seconds` under 32 keep-alive connections. */
async function requestsServed(port: number, body: Buffer, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
    connections: 32,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`bench: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.total;
}

/** Round-trip times (µs) of `count` sequential add(2,3) calls on one keep-alive connection. */
async function latencies(agent: Agent, port: number, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await post(agent, port, ADD_BODY);
    samples.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  return samples;
}

function median(samples: number[]): number {
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

interface Running {
  readonly kind: Kind;
  readonly contender: string;
  readonly child: ChildProcess;
  readonly port: number;
  /** One connection, kept for the whole run: the latency case measures calls, not connects. */
  readonly agent: Agent;
}

/**
 * The `server` bench section. Every contender's server runs from the start
 * and the measurements take turns (round-robin, in short slices), so on a
 * shared machine a busy moment costs every contender alike instead of
 * whichever one happened to be measured then. Each server is warmed up
 * (both cases, and sequential calls) before anything counts.
 */
export const serverSection: BenchSection = {
  name: 'server',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    const seconds = options.quick ? 2 : 8;
    const rounds = options.quick ? 1 : 4;
    const latencyCount = options.quick ? 1000 : 6000;
    const latencyRounds = 10;
    const running: Running[] = [];
    const rows: BenchRow[] = [];
    try {
      for (const [kind, contender] of CONTENDERS) {
        const { child, port } = await startChild(kind);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        running.push({ kind, contender, child, port, agent });
        // Sanity first: a wrong answer must not be measured as a fast one.
        if (decodeResponse(await post(agent, port, ADD_BODY)) !== 5)
          throw new Error(`${kind}: add(2,3) != 5`);
      }
      for (const server of running) {
        await requestsServed(server.port, ADD_BODY, 1);
        await requestsServed(server.port, ECHO_BODY, 1);
        await latencies(server.agent, server.port, 500);
      }
      const row = (server: Running, kase: string, value: number, unit: string, higher: boolean): void => {
        rows.push({
          section: 'server',
          case: kase,
          contender: server.contender,
          value,
          unit,
          higherIsBetter: higher,
        });
      };
      for (const [kase, body] of [
        ['add(2,3), 32 connections', ADD_BODY],
        ['2 KB struct echo, 32 connections', ECHO_BODY],
      ] as const) {
        const served = new Map<Running, number>();
        const cpu = new Map<Running, number>();
        for (let round = 0; round < rounds; round++) {
          for (const server of running) {
            const before = await cpuTime(server.child);
            const count = await requestsServed(server.port, body, seconds / rounds);
            cpu.set(server, (cpu.get(server) ?? 0) + (await cpuTime(server.child)) - before);
            served.set(server, (served.get(server) ?? 0) + count);
          }
        }
        for (const server of running) {
          const count = served.get(server) ?? 0;
          row(server, kase, count / seconds, 'req/s', true);
          row(
            server,
            `${kase}: server CPU per request`,
            (cpu.get(server) ?? 0) / Math.max(1, count),
            'µs',
            false,
          );
        }
      }
      const samples = new Map<Running, number[]>(running.map((server) => [server, []]));
      for (let round = 0; round < latencyRounds; round++) {
        for (const server of running) {
          samples
            .get(server)
            ?.push(...(await latencies(server.agent, server.port, latencyCount / latencyRounds)));
        }
      }
      for (const server of running) {
        row(server, 'add(2,3) median latency, 1 connection', median(samples.get(server) ?? []), 'µs', false);
      }
    } finally {
      for (const server of running) {
        server.agent.destroy();
        server.child.kill();
      }
    }
    // Grouped by contender, like the other sections' tables.
    return CONTENDERS.flatMap(([, contender]) => rows.filter((r) => r.contender === contender));
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'serve') {
  await serve(process.argv[3] as Kind);
}
