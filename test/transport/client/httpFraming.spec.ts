import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

import { TransportError } from '../../../src/rpc/TransportError.js';
import type { TestServer } from '../../helpers/rawServer.js';
import { responseXml, startNetServer } from '../../helpers/rawServer.js';
import { transportError } from '../../helpers/rejections.js';
import { clientsClosedAfterEach } from './clientsClosedAfterEach.js';

/** Calls `onRequest` for every complete request (head and Content-Length body) read on `socket`, in order. */
function eachRequest(socket: Socket, onRequest: (head: string, index: number, body: string) => void): void {
  let buffered = '';
  let index = 0;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (let guard = 0; guard < 100; guard += 1) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? '0');
      if (buffered.length - end - 4 < length) return;
      const head = buffered.slice(0, end);
      const body = buffered.slice(end + 4, end + 4 + length);
      buffered = buffered.slice(end + 4 + length);
      onRequest(head, index, body);
      index += 1;
    }
  });
}

/** What Node's http server (so Spindle's exporter) says of its keep-alive time; the client trusts it at once. */
const ANNOUNCED = 'Keep-Alive: timeout=5\r\n';

/** A complete keep-alive 200 answer carrying an int. */
function okInt(value: number, extraHeaders = ''): string {
  const body = responseXml(`<int>${value}</int>`);
  return `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n${extraHeaders}Content-Length: ${body.length}\r\n\r\n${body}`;
}

describe('XmlRpcClient HTTP/1.1 framing and connection reuse', function () {
  this.timeout(15_000);
  const client = clientsClosedAfterEach();
  const servers: TestServer[] = [];
  const serve = async (
    onConnection: (socket: Socket, index: number) => void,
  ): Promise<TestServer & { connections: () => number }> => {
    let connections = 0;
    const server = await startNetServer((socket, index) => {
      connections += 1;
      onConnection(socket, index);
    });
    servers.push(server);
    return { ...server, connections: () => connections };
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('sends sequential calls over one keep-alive connection when the server announces its keep-alive time', async () => {
    const server = await serve((socket) => {
      eachRequest(socket, (_head, index) => socket.write(okInt(index, ANNOUNCED)));
    });
    const made = client(server.url);
    for (let i = 0; i < 5; i += 1) assert.equal(await made.invoke('a', []), i);
    assert.equal(server.connections(), 1);
  });

  it('reuses connections of a server that announces nothing once one stayed open across another round trip', async () => {
    let answered = 0;
    const server = await serve((socket) => {
      eachRequest(socket, () => socket.write(okInt(answered++)));
    });
    const made = client(server.url);
    for (let i = 0; i < 6; i += 1) assert.equal(await made.invoke('a', []), i);
    // The second call, on a new connection, proves the first one outlives its
    // response: one extra connection, then both are reused.
    assert.equal(server.connections(), 2);
  });

  it('reads a chunked body with chunk extensions and trailers, and a response sent one byte at a time', async () => {
    const body = responseXml('<string>chunked and trickled</string>');
    const server = await serve((socket) => {
      eachRequest(socket, (_head, index) => {
        if (index === 0) {
          const [first, second] = [body.slice(0, 17), body.slice(17)];
          socket.write(
            `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n${ANNOUNCED}Transfer-Encoding: chunked\r\n\r\n` +
              `${first.length.toString(16)};note=x\r\n${first}\r\n${second.length.toString(16)}\r\n${second}\r\n` +
              '0\r\nX-Trailer: yes\r\n\r\n',
          );
          return;
        }
        const whole = `HTTP/1.1 200 OK\r\n${ANNOUNCED}Content-Length: ${body.length}\r\n\r\n${body}`;
        let at = 0;
        const trickle = (): void => {
          if (at >= whole.length || socket.destroyed) return;
          socket.write(whole[at] ?? '');
          at += 1;
          setImmediate(trickle);
        };
        trickle();
      });
    });
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 'chunked and trickled');
    assert.equal(await made.invoke('a', []), 'chunked and trickled');
    assert.equal(server.connections(), 1);
  });

  it('skips a 100 Continue and reads an HTTP/1.0 body delimited by the close, then reconnects', async () => {
    const body = responseXml('<string>old server</string>');
    const server = await serve((socket) => {
      eachRequest(socket, () => {
        socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        socket.end(`HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n${body}`);
      });
    });
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 'old server');
    assert.equal(await made.invoke('a', []), 'old server');
    assert.equal(server.connections(), 2);
  });

  it('does not reuse a connection after Connection: close, or after bytes that followed the response', async () => {
    const server = await serve((socket, connection) => {
      eachRequest(socket, () => {
        if (connection === 0) socket.write(okInt(0, 'Connection: close\r\n'));
        else if (connection === 1) socket.write(`${okInt(1)}HTTP/1.1 200 OK\r\n`);
        else socket.write(okInt(connection));
      });
    });
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 0);
    assert.equal(await made.invoke('a', []), 1);
    assert.equal(await made.invoke('a', []), 2);
    assert.equal(server.connections(), 3);
  });

  it('drops a pooled connection the server closed while it was idle, without failing the next call', async () => {
    const server = await serve((socket, connection) => {
      eachRequest(socket, () => {
        socket.end(okInt(connection));
      });
    });
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await made.invoke('a', []), 1);
  });

  it('an answer that is not HTTP is a bad response with outcome unknown', async () => {
    const server = await serve((socket) => {
      eachRequest(socket, () => socket.write('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    });
    await assert.rejects(
      client(server.url).invoke('a', []),
      transportError('SPINDLE_CLIENT_BAD_RESPONSE', 'unknown'),
    );
  });

  it('keeps at most maxSockets connections; the other calls wait for one and all complete', async () => {
    let open = 0;
    let most = 0;
    const server = await serve((socket) => {
      open += 1;
      most = Math.max(most, open);
      socket.on('close', () => (open -= 1));
      eachRequest(socket, (_head, _index, body) => {
        const value = Number(/<int>(\d+)<\/int>/.exec(body)?.[1] ?? '-1');
        setTimeout(() => socket.write(okInt(value, ANNOUNCED)), 20);
      });
    });
    const made = client(server.url, { maxSockets: 2 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => made.invoke('a', [i])));
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(most, 2);
    assert.equal(server.connections(), 2);
  });

  it('a call still waiting for a free connection when its time runs out was not executed', async () => {
    const server = await serve(() => undefined);
    const made = client(server.url, { maxSockets: 1 });
    // The first holds the only socket well past the second's time, even on a loaded machine
    // (it must have sent its request before it times out, for its outcome to be unknown).
    const first = made.invoke('a', [], { timeoutMs: 3000 });
    const second = made.invoke('a', [], { timeoutMs: 300 });
    await assert.rejects(second, transportError('SPINDLE_CLIENT_TIMEOUT', 'not-executed'));
    await assert.rejects(first, transportError('SPINDLE_CLIENT_TIMEOUT', 'unknown'));
  });

  it('close() fails the call in flight (unknown) and the one waiting for a connection (not executed)', async () => {
    let requests = 0;
    const server = await serve((socket) => {
      eachRequest(socket, () => (requests += 1));
    });
    const made = client(server.url, { maxSockets: 1 });
    const first = made.invoke('a', []);
    const second = made.invoke('a', []);
    // Until the server has the first request (polled: a loaded machine may take a while).
    for (let i = 0; i < 2000 && requests === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await made.close();
    await assert.rejects(
      first,
      (error: unknown) => error instanceof TransportError && error.outcome === 'unknown',
    );
    await assert.rejects(
      second,
      (error: unknown) => error instanceof TransportError && error.outcome === 'not-executed',
    );
  });

  it('refuses header values that would break the request', async () => {
    assert.throws(
      () => client('http://127.0.0.1:1/RPC2', { headers: { 'X-Evil': 'a\r\nInjected: 1' } }),
      (error: unknown) => (error as { code?: string }).code === 'SPINDLE_INVALID_ARGUMENT',
    );
    await assert.rejects(
      client('http://127.0.0.1:1/RPC2').invoke('a', [], { requestId: 'id\r\nInjected: 1' }),
      (error: unknown) =>
        (error as { code?: string }).code === 'SPINDLE_INVALID_ARGUMENT' &&
        (error as Error).message.includes('127.0.0.1:1'),
    );
  });

  it('idle pooled connections do not keep the process alive', async () => {
    const server = await serve((socket) => {
      eachRequest(socket, () => socket.write(okInt(7)));
    });
    const module = fileURLToPath(new URL('../../../src/proxy/index.js', import.meta.url));
    const script =
      `const { XmlRpcClient } = await import(${JSON.stringify(module)});` +
      `const client = new XmlRpcClient(${JSON.stringify(server.url)}, { timeoutMs: 5000 });` +
      `process.stdout.write(String(await client.invoke('a', [])));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(null);
      }, 8000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    assert.equal(output, '7');
    assert.equal(code, 0, 'the process ended on its own after the call');
  });
});
