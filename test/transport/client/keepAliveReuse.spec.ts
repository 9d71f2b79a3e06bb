import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import net from 'node:net';

import { XmlRpcServiceExporter } from '../../../src/exporter/XmlRpcServiceExporter.js';
import { TransportError } from '../../../src/rpc/TransportError.js';
import type { TestServer } from '../../helpers/rawServer.js';
import { readRequest, responseXml, startNetServer } from '../../helpers/rawServer.js';
import { assertTransportError, rejectionOf } from '../../helpers/rejections.js';
import { clientsClosedAfterEach } from './clientsClosedAfterEach.js';

/** A 200 answer carrying an int, with extra header lines. */
function okInt(value: number, extraHeaders = ''): string {
  const body = responseXml(`<int>${value}</int>`);
  return `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n${extraHeaders}Content-Length: ${body.length}\r\n\r\n${body}`;
}

/**
 * A server like Perl's Frontier::Daemon: one connection at a time, one request
 * per connection; it answers (HTTP/1.1, no `Connection: close`), stops
 * reading, then closes the socket a moment later, and only then takes the next
 * connection. Every request it reads is one execution.
 */
async function closingAfterEachResponse(): Promise<TestServer & { executions: () => number }> {
  let executions = 0;
  const queue: Socket[] = [];
  let current: Socket | undefined;
  const next = (): void => {
    if (current !== undefined) return;
    current = queue.shift();
    const socket = current;
    if (socket === undefined) return;
    socket.once('close', () => {
      current = undefined;
      next();
    });
    void readRequest(socket).then(() => {
      executions += 1;
      socket.pause();
      socket.write(okInt(executions), () => {
        setTimeout(() => socket.destroy(), 10);
      });
    });
  };
  const server = await startNetServer((socket) => {
    queue.push(socket);
    next();
  });
  return { ...server, executions: () => executions };
}

describe('XmlRpcClient keep-alive reuse: learnt from the server, outcomes honest', function () {
  this.timeout(60_000);
  const client = clientsClosedAfterEach();
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('200 back-to-back calls to a server that closes after every response all succeed, each run once', async () => {
    const server = await closingAfterEachResponse();
    servers.push(server);
    const made = client(server.url, { timeoutMs: 10_000 });
    const results: unknown[] = [];
    const failures: unknown[] = [];
    for (let i = 0; i < 200; i += 1) {
      // Not idempotent: a call sent on a connection the server already closed could not be sent again.
      await made.invoke('increment', []).then(
        (value) => results.push(value),
        (error: unknown) => failures.push(error),
      );
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(
      results,
      Array.from({ length: 200 }, (_, i) => i + 1),
      'each call ran once, in order',
    );
    assert.equal(server.executions(), 200);
  });

  it('an idempotent call re-sent after a reset keep-alive socket stays "unknown" when the port then refuses', async () => {
    let executions = 0;
    let connections = 0;
    const server: TestServer = await startNetServer((socket) => {
      connections += 1;
      void readRequest(socket).then(() => {
        executions += 1;
        // Announced keep-alive: the client reuses this connection for the next call.
        socket.write(okInt(executions, 'Keep-Alive: timeout=5\r\n'));
        void readRequest(socket).then(() => {
          // The second call ran; the answer is lost, and the whole server goes away.
          executions += 1;
          socket.resetAndDestroy();
          void server.close();
        });
      });
    });
    servers.push(server);
    const made = client(server.url);
    assert.equal(await made.invoke('work', [], { idempotent: true }), 1);
    const error = await rejectionOf(made.invoke('work', [], { idempotent: true }));
    assert.equal(executions, 2, 'the second call ran on the server');
    assert.equal(connections, 1);
    const reported = assertTransportError(
      error,
      'SPINDLE_CLIENT_CONNECTION_LOST',
      'unknown',
      /connection lost before any response.*sent again on a new connection, which failed too: cannot connect/,
    );
    assert.ok(reported.cause instanceof TransportError, 'the re-send failure is the cause');
    assert.equal(reported.cause.code, 'SPINDLE_CLIENT_CONNECT_FAILED');
    assert.equal(reported.cause.outcome, 'not-executed');
  });

  it('an idle connection closed long after its answer is an idle timeout: the server is still learnt to keep connections', async () => {
    const IDLE_CLOSE_MS = 2000;
    let connections = 0;
    let answered = 0;
    let firstClosed: () => void = () => undefined;
    const firstClose = new Promise<void>((resolve) => (firstClosed = resolve));
    const server = await startNetServer((socket, index) => {
      connections += 1;
      if (index === 0) socket.once('close', firstClosed);
      let idle: NodeJS.Timeout | undefined;
      const serve = (): void => {
        void readRequest(socket).then(() => {
          clearTimeout(idle);
          socket.write(okInt(++answered));
          // No Keep-Alive header: this server's idle timeout is its own secret.
          idle = setTimeout(() => socket.destroy(), IDLE_CLOSE_MS);
          serve();
        });
      };
      serve();
    });
    servers.push(server);
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 1);
    await firstClose;
    // Not a server that closes after each answer: the next two calls prove it keeps connections.
    for (let i = 2; i <= 5; i += 1) assert.equal(await made.invoke('a', []), i);
    assert.equal(connections, 3, 'the first (closed while idle), one held, one extra; then reuse');
  });

  it('trusts a server at once when it announces Keep-Alive: timeout, with no extra connection', async () => {
    let connections = 0;
    let answered = 0;
    const server = await startNetServer((socket) => {
      connections += 1;
      const serve = (): void => {
        void readRequest(socket).then(() => {
          socket.write(okInt(++answered, 'Keep-Alive: timeout=5\r\n'));
          serve();
        });
      };
      serve();
    });
    servers.push(server);
    const made = client(server.url);
    for (let i = 1; i <= 5; i += 1) assert.equal(await made.invoke('a', []), i);
    assert.equal(connections, 1);
  });

  it("reuses a Spindle exporter's connection from its first answer (it announces its keep-alive time)", async () => {
    const exporter = new XmlRpcServiceExporter({
      service: { add: (a: number, b: number) => a + b },
      serviceName: 'Calc',
      servicePort: 0,
    });
    await exporter.start();
    const exporterPort = exporter.address?.port ?? 0;
    // A relay in front of it counts the TCP connections the client opens.
    let connections = 0;
    const relay = await startNetServer((socket) => {
      connections += 1;
      const upstream = net.connect(exporterPort, '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    servers.push(relay, { port: exporterPort, url: '', close: () => exporter.close() });
    const made = client(`http://127.0.0.1:${relay.port}/Calc`);
    for (let i = 0; i < 20; i += 1) assert.equal(await made.invoke('add', [i, 1]), i + 1);
    assert.equal(connections, 1);
  });

  it('calls queued behind maxSockets, against a server not yet proven to keep connections, all complete', async () => {
    let answered = 0;
    const server = await startNetServer((socket) => {
      const serve = (): void => {
        void readRequest(socket).then(() => {
          setTimeout(() => {
            socket.write(okInt(++answered));
            serve();
          }, 5);
        });
      };
      serve();
    });
    servers.push(server);
    const made = client(server.url, { maxSockets: 2 });
    const results = await Promise.all(Array.from({ length: 12 }, () => made.invoke('a', [])));
    assert.deepEqual(
      [...results].sort((a, b) => Number(a) - Number(b)),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });
});
