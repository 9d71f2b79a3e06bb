import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';

import { Fault } from '../../../src/codec/Fault.js';
import { ProtocolError } from '../../../src/transport/client/index.js';
import { closedPort } from '../../helpers/ports.js';
import type { TestServer } from '../../helpers/rawServer.js';
import { readRequest, responseXml, startHttpServer, startNetServer } from '../../helpers/rawServer.js';
import { transportError } from '../../helpers/rejections.js';
import { clientsClosedAfterEach } from './clientsClosedAfterEach.js';

describe('XmlRpcClient against hostile and broken servers', function () {
  this.timeout(10_000);
  const client = clientsClosedAfterEach();
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const serve = async (server: Promise<TestServer>): Promise<TestServer> => {
    const started = await server;
    servers.push(started);
    return started;
  };

  it('an HTML 500 page is a ProtocolError with status, headers and the start of the body (outcome unknown)', async () => {
    const page = `<html><head><title>500 Internal Server Error</title></head><body>${'x'.repeat(5000)}</body></html>`;
    const server = await serve(
      startHttpServer((_request, _body, response) => {
        response.writeHead(500, 'Internal Server Error', { 'Content-Type': 'text/html', 'X-Trace': 'abc' });
        response.end(page);
      }),
    );
    await assert.rejects(client(server.url).invoke('add', [1, 2]), (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.equal(error.code, 'SPINDLE_CLIENT_PROTOCOL_ERROR');
      assert.equal(error.status, 500);
      assert.equal(error.statusMessage, 'Internal Server Error');
      assert.equal(error.headers['x-trace'], 'abc');
      assert.ok(error.bodyStart.startsWith('<html><head><title>500'));
      assert.ok(error.bodyStart.length <= 1024);
      assert.equal(error.outcome, 'unknown');
      assert.equal(error.url, server.url);
      return true;
    });
  });

  it('a 404 is a ProtocolError that was not executed; a redirect is not followed', async () => {
    let hits = 0;
    const server = await serve(
      startHttpServer((request, _body, response) => {
        hits += 1;
        if (request.url === '/moved') {
          response.writeHead(302, { Location: '/RPC2' });
          response.end();
          return;
        }
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end('no such path');
      }),
    );
    await assert.rejects(client(server.url).invoke('add', []), (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.equal(error.status, 404);
      assert.equal(error.bodyStart, 'no such path');
      assert.equal(error.outcome, 'not-executed');
      return true;
    });
    await assert.rejects(
      client(`http://127.0.0.1:${server.port}/moved`).invoke('add', []),
      (error: unknown) => error instanceof ProtocolError && error.status === 302,
    );
    assert.equal(hits, 2);
  });

  it('HTTP 200 with an HTML page or truncated XML is a bad response showing the body start', async () => {
    const bodies = [
      '<html><body>Welcome to nginx!</body></html>',
      responseXml('<string>cut').slice(0, 60),
      '',
    ];
    let next = 0;
    const server = await serve(
      startHttpServer((_request, _body, response) => {
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.end(bodies[next++]);
      }),
    );
    const made = client(server.url);
    await assert.rejects(made.invoke('a', []), (error: unknown) => {
      transportError('SPINDLE_CLIENT_BAD_RESPONSE', 'unknown')(error);
      assert.match((error as Error).message, /Welcome to nginx/);
      return true;
    });
    await assert.rejects(made.invoke('a', []), transportError('SPINDLE_CLIENT_BAD_RESPONSE', 'unknown'));
    await assert.rejects(made.invoke('a', []), transportError('SPINDLE_CLIENT_BAD_RESPONSE', 'unknown'));
  });

  it('a body shorter than its Content-Length (connection closed) is a lost connection, outcome unknown', async () => {
    const server = await serve(
      startNetServer((socket) => {
        void readRequest(socket).then(() => {
          socket.end(
            'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<?xml version="1.0"?><methodRe',
          );
        });
      }),
    );
    await assert.rejects(
      client(server.url).invoke('a', []),
      transportError('SPINDLE_CLIENT_CONNECTION_LOST', 'unknown'),
    );
  });

  it('refuses responses over maxResponseBytes: declared, streamed, and a gzip bomb', async () => {
    const big = responseXml(`<string>${'a'.repeat(200_000)}</string>`);
    const bomb = gzipSync(Buffer.from(responseXml(`<string>${'b'.repeat(5_000_000)}</string>`)));
    let next = 0;
    const server = await serve(
      startHttpServer((_request, _body, response) => {
        const which = next++;
        if (which === 0) {
          response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(big) });
          response.end(big);
        } else if (which === 1) {
          response.writeHead(200, { 'Content-Type': 'text/xml' });
          for (let i = 0; i < 20; i += 1) response.write('a'.repeat(10_000));
          response.end();
        } else {
          response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' });
          response.end(bomb);
        }
      }),
    );
    assert.ok(bomb.length < 100_000);
    const made = client(server.url, { maxResponseBytes: 100_000 });
    for (let i = 0; i < 3; i += 1) {
      await assert.rejects(
        made.invoke('a', []),
        transportError('SPINDLE_CLIENT_RESPONSE_TOO_LARGE', 'unknown'),
      );
    }
  });

  it('reads gzip responses and sends the expected headers', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    let body = '';
    const server = await serve(
      startHttpServer((request, requestBody, response) => {
        seen = request.headers;
        body = requestBody.toString('utf8');
        response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' });
        response.end(gzipSync(responseXml('<string>zipped</string>')));
      }),
    );
    const made = client(server.url, { headers: { 'X-Api-Key': 'k1' } });
    assert.equal(await made.invoke('echo', ['é'], { requestId: 'req-42' }), 'zipped');
    assert.equal(seen['content-type'], 'text/xml');
    assert.equal(seen['accept-encoding'], 'gzip');
    assert.equal(seen['x-request-id'], 'req-42');
    assert.equal(seen['x-api-key'], 'k1');
    assert.equal(seen['content-length'], String(Buffer.byteLength(body)));
    assert.match(body, /<methodName>echo<\/methodName>/);
    assert.equal(seen['authorization'], undefined);
    await made.invoke('echo', []);
    const first = seen['x-request-id'];
    await made.invoke('echo', []);
    assert.match(first, /^[0-9a-f-]{30}$/);
    assert.notEqual(seen['x-request-id'], first);
  });

  it('a server that stalls mid-body times out with outcome unknown', async () => {
    const server = await serve(
      startNetServer((socket) => {
        void readRequest(socket).then(() => {
          socket.write(
            'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 400\r\n\r\n<?xml version="1.0"?>',
          );
        });
      }),
    );
    // The server never sends the rest of the body: only the client's timeout can end this call.
    await assert.rejects(
      client(server.url, { timeoutMs: 300 }).invoke('a', []),
      transportError('SPINDLE_CLIENT_TIMEOUT', 'unknown'),
    );
  });

  it('a refused connection is not executed', async () => {
    const port = await closedPort();
    await assert.rejects(
      client(`http://127.0.0.1:${port}/RPC2`).invoke('a', []),
      transportError('SPINDLE_CLIENT_CONNECT_FAILED', 'not-executed'),
    );
  });

  it('a reset after the request was sent has outcome unknown and is not retried', async () => {
    let connections = 0;
    const server = await serve(
      startNetServer((socket) => {
        connections += 1;
        void readRequest(socket).then(() => {
          socket.resetAndDestroy();
        });
      }),
    );
    await assert.rejects(
      client(server.url).invoke('a', []),
      transportError('SPINDLE_CLIENT_CONNECTION_LOST', 'unknown'),
    );
    assert.equal(connections, 1);
  });

  it('retries an idempotent call once on a fresh connection when a pooled keep-alive socket was closed by the server', async () => {
    const answered: number[] = [];
    const server = await serve(
      startNetServer((socket, index) => {
        const ok = responseXml(`<int>${index}</int>`);
        // The server announces its keep-alive time, so the client reuses its connection at once.
        const reply = `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nKeep-Alive: timeout=5\r\nContent-Length: ${ok.length}\r\n\r\n${ok}`;
        void readRequest(socket).then(() => {
          answered.push(index);
          socket.write(reply);
          // The next request on this socket finds it closed without a word.
          void readRequest(socket).then(() => {
            socket.resetAndDestroy();
          });
        });
      }),
    );
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 0);
    assert.equal(await made.invoke('a', [], { idempotent: true }), 1);
    assert.deepEqual(answered, [0, 1]);
    // Any other call is not sent again: the server may have died running it.
    await assert.rejects(made.invoke('a', []), transportError('SPINDLE_CLIENT_CONNECTION_LOST', 'unknown'));
    assert.deepEqual(answered, [0, 1]);
  });

  it('does not reuse a connection past the idle time the server announces in Keep-Alive', async () => {
    const server = await serve(
      startNetServer((socket, index) => {
        const ok = responseXml(`<int>${index}</int>`);
        const answer = (): void => {
          void readRequest(socket).then(() => {
            socket.write(
              `HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: ${ok.length}\r\n\r\n${ok}`,
            );
            answer();
          });
        };
        answer();
      }),
    );
    const made = client(server.url);
    assert.equal(await made.invoke('a', []), 0);
    assert.equal(await made.invoke('a', []), 0, 'reused at once');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(await made.invoke('a', []), 1, 'a new connection after half the announced second');
  });

  it('an AbortSignal ends a stalled call (unknown) and an aborted one is never sent (not executed)', async () => {
    let requests = 0;
    const server = await serve(
      startNetServer((socket) => {
        void readRequest(socket).then(() => {
          requests += 1;
        });
      }),
    );
    const made = client(server.url);
    const controller = new AbortController();
    const pending = made.invoke('a', [], { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 100);
    await assert.rejects(pending, transportError('SPINDLE_CLIENT_ABORTED', 'unknown'));
    assert.equal(requests, 1);
    await assert.rejects(
      made.invoke('a', [], { signal: AbortSignal.abort() }),
      transportError('SPINDLE_CLIENT_ABORTED', 'not-executed'),
    );
  });

  it('keeps odd faults: a string faultCode and extra members', async () => {
    const fault =
      '<?xml version="1.0"?><methodResponse><fault><value><struct>' +
      '<member><name>faultCode</name><value><string>Client</string></value></member>' +
      '<member><name>faultString</name><value><string>bad login</string></value></member>' +
      '<member><name>faultCause</name><value><base64>rO0ABQ==</base64></value></member>' +
      '</struct></value></fault></methodResponse>';
    const server = await serve(
      startHttpServer((_request, _body, response) => {
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.end(fault);
      }),
    );
    await assert.rejects(client(server.url).invoke('login', []), (error: unknown) => {
      assert.ok(error instanceof Fault);
      assert.equal(error.faultCode, 'Client');
      assert.equal(error.faultString, 'bad login');
      return true;
    });
  });

  it('a response with two params is a bad response', async () => {
    const server = await serve(
      startHttpServer((_request, _body, response) => {
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.end(
          '<?xml version="1.0"?><methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>',
        );
      }),
    );
    await assert.rejects(
      client(server.url).invoke('a', []),
      transportError('SPINDLE_CLIENT_BAD_RESPONSE', 'unknown'),
    );
  });

  it('fails with SPINDLE_CLOSED after close()', async () => {
    const made = client('http://127.0.0.1:1/RPC2');
    await made.close();
    await assert.rejects(
      made.invoke('a', []),
      (error: unknown) => (error as { code?: string }).code === 'SPINDLE_CLOSED',
    );
  });
});
