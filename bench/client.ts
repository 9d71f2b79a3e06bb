import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

import autocannon from 'autocannon';

import { encodeCall, encodeResponse } from '../src/codec/index.js';
import { createProxy, invokerOf } from '../src/proxy/index.js';
import type { BenchOptions, BenchRow, BenchSection } from './BenchSection.js';
import { interleaved, measureCalls as measure } from './interleaved.js';
import type { Tally } from './interleaved.js';

/** The part of the npm `xmlrpc` package the bench drives: its client. */
interface NpmXmlRpc {
  createClient(options: { host: string; port: number; path: string }): {
    methodCall(method: string, params: unknown[], callback: (error: unknown, value: unknown) => void): void;
  };
}

const require = createRequire(import.meta.url);
const npmXmlRpc = require('xmlrpc') as NpmXmlRpc;

/**
 * The server every contender calls: a bare node:http server in a child process
 * that answers each POST with the precomputed response of add(2, 3), so the
 * figures measure the clients, not a server.
 */
const SERVER_SCRIPT = `
const http = require('node:http');
const body = Buffer.from(process.argv[1], 'base64');
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => { process.stdout.write(server.address().port + '\\n'); });
`;

async function startServer(): Promise<{ port: number; child: ChildProcess }> {
  const response = encodeResponse(5).toString('base64');
  const child = spawn(process.execPath, ['-e', SERVER_SCRIPT, response], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      resolve(Number(chunk.toString('utf8').trim()));
    });
    child.once('exit', (code) => {
      reject(new Error(`bench server exited with ${String(code)}`));
    });
  });
  return { port, child };
}

async function loadGenerator(port: number, connections: number, seconds: number): Promise<Tally> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/RPC2`,
    method: 'POST',
    headers: { 'Content-Type': 'text/xml' },
    body: encodeCall('add', [2, 3]).toString('utf8'),
    connections,
    pipelining: 1,
    duration: seconds,
  });
  // The run's own measured length, not the nominal one.
  return { calls: result.requests.total, seconds: result.duration };
}

/** Client calls/s: Spindle's proxy against the npm `xmlrpc` client and a raw load generator, same server. */
export const clientSection: BenchSection = {
  name: 'client',
  async run(options: BenchOptions): Promise<readonly BenchRow[]> {
    const seconds = options.quick ? 1 : 2;
    const rounds = options.quick ? 1 : 3;
    const ms = seconds * 1000;
    const { port, child } = await startServer();
    const rows: BenchRow[] = [];
    const add = (testCase: string, contender: string, value: number): void => {
      rows.push({
        section: 'client',
        case: testCase,
        contender,
        value,
        unit: 'calls/s',
        higherIsBetter: true,
      });
    };
    try {
      const proxy = createProxy<{ add(a: number, b: number): number }>(`http://127.0.0.1:${port}/RPC2`);
      const npm = npmXmlRpc.createClient({ host: '127.0.0.1', port, path: '/RPC2' });
      const npmAdd = (): Promise<unknown> =>
        new Promise((resolve, reject) => {
          npm.methodCall('add', [2, 3], (error, value) => {
            if (error === null || error === undefined) resolve(value);
            else reject(error instanceof Error ? error : new Error('xmlrpc (npm) call failed'));
          });
        });
      const spindleAdd = (): Promise<unknown> => proxy.add(2, 3);
      // Warm up every contender (JIT, sockets) before measuring.
      await measure(500, 4, spindleAdd);
      await measure(500, 4, npmAdd);
      await loadGenerator(port, 4, 0.5);

      for (const [name, lanes] of [
        ['add(2,3) sequential, 1 connection', 1],
        ['add(2,3) 32 in flight', 32],
      ] as const) {
        const rates = await interleaved(rounds, [
          ['spindle', () => measure(ms, lanes, spindleAdd)],
          ['xmlrpc (npm)', () => measure(ms, lanes, npmAdd)],
          ['autocannon (raw load generator)', () => loadGenerator(port, lanes, seconds)],
        ]);
        for (const [contender, rate] of rates) add(name, contender, rate);
      }
      await invokerOf(proxy).close();
    } finally {
      child.kill();
    }
    return rows;
  },
};
