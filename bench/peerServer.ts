import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import jayson from 'jayson';

import { encodeResponse } from '../src/entries/codec.js';
import { silentLogger, XmlRpcServiceExporter } from '../src/index.js';

/**
 * A server for the `peers` bench, run as a child process so that client and
 * server do not share one event loop: `node peerServer.js <kind> [count]`,
 * kind `spindle` (`count` exporters, each on its own port), `grpc`, `jayson`,
 * `echo` (a TCP server that sends back what it reads: the round-trip floor) or
 * `http` (node:http answering add(2,3)'s response bytes to any request). Prints the ports as one JSON line once listening; SIGTERM ends it.
 */
const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const PROTO_PATH = join(root, 'bench', 'calculator.proto');

class Calculator {
  public add(a: number, b: number): number {
    return a + b;
  }
}

async function spindle(count: number): Promise<number[]> {
  const exporters = Array.from(
    { length: count },
    () =>
      new XmlRpcServiceExporter({
        service: new Calculator(),
        serviceName: 'Calculator',
        servicePort: 0,
        logger: silentLogger,
      }),
  );
  const urls = await Promise.all(exporters.map((exporter) => exporter.start()));
  process.once('SIGTERM', () => {
    void Promise.all(exporters.map((exporter) => exporter.close())).then(() => process.exit(0));
  });
  return urls.map((url) => Number(new URL(url).port));
}

interface AddRequest {
  a: number;
  b: number;
}

async function grpcServer(): Promise<number[]> {
  const definition = grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_PATH));
  const service = (definition['bench'] as grpc.GrpcObject)['Calculator'] as grpc.ServiceClientConstructor;
  const server = new grpc.Server();
  server.addService(service.service, {
    Add(
      call: grpc.ServerUnaryCall<AddRequest, { sum: number }>,
      callback: grpc.sendUnaryData<{ sum: number }>,
    ): void {
      callback(null, { sum: call.request.a + call.request.b });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error === null) resolve(bound);
      else reject(error);
    });
  });
  process.once('SIGTERM', () => {
    server.tryShutdown(() => process.exit(0));
  });
  return [port];
}

async function jaysonServer(): Promise<number[]> {
  const server = new jayson.Server({
    add(params: unknown, callback: (error: null, result: number) => void): void {
      const [a, b] = params as [number, number];
      callback(null, a + b);
    },
  }).http();
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  const address = server.address();
  return [typeof address === 'object' && address !== null ? address.port : 0];
}

/** node:http answering every request with add(2,3)'s response bytes, read from nothing: the HTTP floor. */
async function bareHttpServer(): Promise<number[]> {
  const answer = encodeResponse(5);
  const server = createHttpServer((req, res) => {
    req.resume();
    req.once('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': answer.length });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.once('SIGTERM', () => process.exit(0));
  const address = server.address();
  return [typeof address === 'object' && address !== null ? address.port : 0];
}

/** Sends every byte back as it comes, with Nagle off like the RPC servers: no protocol at all. */
async function echoServer(): Promise<number[]> {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.once('SIGTERM', () => process.exit(0));
  const address = server.address();
  return [typeof address === 'object' && address !== null ? address.port : 0];
}

const [kind = '', count = '1'] = process.argv.slice(2);
const servers: Record<string, () => Promise<number[]>> = {
  spindle: () => spindle(Number(count)),
  grpc: grpcServer,
  jayson: jaysonServer,
  echo: echoServer,
  http: bareHttpServer,
};
const start = Object.hasOwn(servers, kind) ? servers[kind] : undefined;
const ports = start === undefined ? undefined : await start();
if (ports === undefined) throw new Error(`unknown peer server ${kind}`);
process.stdout.write(`${JSON.stringify(ports)}\n`);
