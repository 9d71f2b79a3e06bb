import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';

import { Fault, ServiceDispatcher, XmlRpcServer } from '../../../src/index.js';
import { decodeResponse, encodeCall } from '../../../src/entries/codec.js';
import { rawExchange } from '../../helpers/rawHttp.js';
import { RecordingLogger } from '../../helpers/RecordingLogger.js';

/** A complete, valid XML-RPC POST of `add(2, 3)` to `path`. */
function addRequest(path = '/'): string {
  const body =
    '<?xml version="1.0"?><methodCall><methodName>add</methodName><params>' +
    '<param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>';
  return (
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

function post(path: string, body: Buffer | string, headers: Record<string, string> = {}): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Object.entries({ 'Content-Type': 'text/xml', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}Content-Length: ${payload.length}\r\n\r\n`,
    ),
    payload,
  ]);
}

function faultCode(body: Buffer): number | string {
  try {
    decodeResponse(body);
  } catch (error) {
    if (error instanceof Fault) return error.faultCode;
    throw error;
  }
  assert.fail(`expected a fault: ${body.toString()}`);
}

describe('XmlRpcServer over HTTP', () => {
  let server: XmlRpcServer;
  let port: number;
  let logger: RecordingLogger;
  let truncatedCalls = 0;

  beforeEach(async () => {
    logger = new RecordingLogger();
    truncatedCalls = 0;
    server = new XmlRpcServer({
      port: 0,
      logger,
      limits: { maxBodyBytes: 64 * 1024, headersTimeoutMs: 300, maxConnections: 8 },
    });
    server.registerFunction('add', (x: number, y: number) => x + y);
    server.registerFunction('count', () => ++truncatedCalls);
    server.registerFunction('big', () => 'x'.repeat(5000));
    server.registerFunction('boom', () => {
      throw new Error('synchronous failure');
    });
    server.registerInstance({ visible: () => 'public', _private: () => 'secret' });
    await server.listen();
    port = server.address!.port;
  });

  afterEach(async () => {
    await server.close();
  });

  async function assertAlive(): Promise<void> {
    const response = await rawExchange(port, addRequest('/RPC2'));
    assert.equal(response.status, 200);
    assert.equal(decodeResponse(response.body), 5);
  }

  it('answers a call with 200, text/xml and an exact Content-Length on / and /RPC2', async () => {
    for (const path of ['/', '/RPC2', '/RPC2?x=1']) {
      const response = await rawExchange(port, addRequest(path));
      assert.equal(response.status, 200);
      assert.match(response.headers['content-type'] ?? '', /^text\/xml/);
      assert.equal(Number(response.headers['content-length']), response.body.length);
      assert.equal(decodeResponse(response.body), 5);
    }
  });

  it('keeps the connection alive across requests', async () => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.write(addRequest('/') + addRequest('/RPC2'));
    const deadline = Date.now() + 20_000; // a bound for a stalled machine; the loop ends at the 2nd reply
    while ((received.match(/HTTP\/1\.1 200/g) ?? []).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((received.match(/HTTP\/1\.1 200/g) ?? []).length, 2);
    assert.equal(socket.destroyed, false);
    socket.destroy();
  });

  it('D0a: 413 and close for a Content-Length above the cap, without reading the body', async () => {
    const response = await rawExchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 65537\r\n\r\n',
    );
    assert.equal(response.status, 413);
    assert.equal(response.headers['connection'], 'close');
    await assertAlive();
  });

  it('D0b: 413 and close for a chunked body that grows over the cap', async () => {
    const chunk = 'a'.repeat(16 * 1024);
    const chunks = Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const response = await rawExchange(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`,
    );
    assert.equal(response.status, 413);
    assert.equal(response.closed || response.headers['connection'] === 'close', true);
    await assertAlive();
  });

  it('accepts a chunked body under the cap', async () => {
    const body = encodeCall('add', [2, 3]);
    const response = await rawExchange(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body.toString()}\r\n0\r\n\r\n`,
    );
    assert.equal(response.status, 200);
    assert.equal(decodeResponse(response.body), 5);
  });

  it('D0c: 411 without Content-Length or chunking', async () => {
    const response = await rawExchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n\r\n');
    assert.equal(response.status, 411);
    await assertAlive();
  });

  it('D0d: inflates gzip requests, and answers 413 to a gzip bomb', async () => {
    const ok = await rawExchange(
      port,
      post('/', gzipSync(encodeCall('add', [2, 3])), { 'Content-Encoding': 'gzip' }),
    );
    assert.equal(decodeResponse(ok.body), 5);
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 64 * 1024);
    const response = await rawExchange(port, post('/', bomb, { 'Content-Encoding': 'gzip' }));
    assert.equal(response.status, 413);
    const broken = await rawExchange(
      port,
      post('/', Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' }),
    );
    assert.equal(broken.status, 400);
    await assertAlive();
  });

  it('D0e: 415 for content encodings other than gzip and identity', async () => {
    const body = encodeCall('add', [2, 3]);
    assert.equal((await rawExchange(port, post('/', body, { 'Content-Encoding': 'br' }))).status, 415);
    await assertAlive();
  });

  it('S3: a request without Content-Type, or with a non-XML one, is served, as CPython serves it', async () => {
    const body = encodeCall('add', [2, 3]);
    // What davexmlrpc sends: no Content-Type at all.
    const missing = `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body.toString()}`;
    const bare = await rawExchange(port, missing);
    assert.equal(bare.status, 200);
    assert.equal(decodeResponse(bare.body), 5);
    for (const type of [
      'text/plain',
      'application/json',
      'application/octet-stream',
      'application/xml; charset=utf-8',
    ]) {
      const reply = await rawExchange(port, post('/', body, { 'Content-Type': type }));
      assert.equal(reply.status, 200, type);
      assert.equal(decodeResponse(reply.body), 5, type);
    }
  });

  it('D0h: a browser (Origin or Sec-Fetch-Site) must send an XML Content-Type, else 415 and nothing runs', async () => {
    const body = encodeCall('count', []);
    const fromPage = { Origin: 'https://evil.example' };
    // The three types a page can send cross-site without a CORS preflight, and no type at all.
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const reply = await rawExchange(port, post('/', body, { ...fromPage, 'Content-Type': type }));
      assert.equal(reply.status, 415, type);
    }
    const untyped = `POST / HTTP/1.1\r\nHost: x\r\nSec-Fetch-Site: cross-site\r\nContent-Length: ${body.length}\r\n\r\n${body.toString()}`;
    assert.equal((await rawExchange(port, untyped)).status, 415);
    assert.equal(truncatedCalls, 0, 'no refused request ran');
    // text/xml from a browser needs a preflight first, so it is the page's own origin or a CORS-allowed one.
    const xml = await rawExchange(port, post('/', body, fromPage));
    assert.equal(xml.status, 200);
    assert.equal(truncatedCalls, 1);
  });

  it('acceptAnyContentType: true also reads a browser request of any type', async () => {
    const open = new XmlRpcServer({ port: 0, acceptAnyContentType: true });
    open.registerFunction('add', (x: number, y: number) => x + y);
    const { port: openPort } = await open.listen();
    try {
      const body = encodeCall('add', [2, 3]);
      const reply = await rawExchange(
        openPort,
        post('/', body, { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }),
      );
      assert.equal(reply.status, 200);
      assert.equal(decodeResponse(reply.body), 5);
    } finally {
      await open.close();
    }
  });

  it('limits.maxResponseBytes bounds the answers of registered functions: a fault naming it, then serving on', async () => {
    const bounded = new XmlRpcServer({ port: 0, limits: { maxResponseBytes: 2000 } });
    bounded.registerFunction('big', (n: number) => 'x'.repeat(n));
    const { port: boundedPort } = await bounded.listen();
    try {
      const refused = await rawExchange(boundedPort, post('/', encodeCall('big', [5000])));
      assert.equal(refused.status, 200);
      assert.equal(faultCode(refused.body), -32603);
      assert.match(refused.body.toString(), /maxResponseBytes \(2000 bytes\)/);
      const small = await rawExchange(boundedPort, post('/', encodeCall('big', [10])));
      assert.equal(decodeResponse(small.body), 'x'.repeat(10));
    } finally {
      await bounded.close();
    }
  });

  it('D0f/D0g: 405 with Allow: POST for other methods, 404 for other paths', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'HEAD']) {
      // Connection: close, so a HEAD answer (a Content-Length and no body) ends with the socket
      const request = `${method} /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
      const response = await rawExchange(port, request);
      assert.equal(response.status, 405, method);
      assert.equal(response.headers['allow'], 'POST');
    }
    assert.equal((await rawExchange(port, addRequest('/nowhere'))).status, 404);
    await assertAlive();
  });

  it('D0i: slow headers get 408 or a closed socket; the connection cap holds', async () => {
    const slow = await rawExchange(port, 'POST / HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 4000 });
    assert.ok(slow.status === 408 || (slow.status === 0 && slow.closed), `status ${slow.status}`);
    // The cap on a server whose header timeout cannot close the idle sockets first, however
    // slow the machine (300 ms above would race the 9th connection). The kernel queues the
    // connections in order, so the 9th is accepted after the 8 idle ones: no sleep needed.
    const capped = new XmlRpcServer({ port: 0, limits: { maxConnections: 8, headersTimeoutMs: 60_000 } });
    capped.registerFunction('add', (x: number, y: number) => x + y);
    await capped.listen();
    const cappedPort = capped.address!.port;
    const idle = Array.from({ length: 8 }, () => connect({ host: '127.0.0.1', port: cappedPort }));
    try {
      await Promise.all(idle.map((s) => new Promise((resolve) => s.once('connect', resolve))));
      const refused = await rawExchange(cappedPort, addRequest('/'), { timeoutMs: 20_000 });
      assert.equal(refused.status, 0);
      assert.equal(refused.closed, true);
      for (const socket of idle) socket.destroy();
      // Freed slots are usable again once the server has seen the closes (polled, not slept on).
      let again = await rawExchange(cappedPort, addRequest('/RPC2'));
      for (let i = 0; i < 200 && again.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        again = await rawExchange(cappedPort, addRequest('/RPC2'));
      }
      assert.equal(again.status, 200);
    } finally {
      for (const socket of idle) socket.destroy();
      await capped.close();
    }
    await assertAlive();
  });

  it('D0j: a truncated body never reaches the method and nothing is written', async () => {
    const body = encodeCall('count', []);
    const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`;
    const response = await rawExchange(
      port,
      { parts: [{ data: head + body.subarray(0, 20).toString() }], finish: 'end' },
      { timeoutMs: 1000 },
    );
    assert.equal(response.status, 0);
    await assertAlive();
    assert.equal(truncatedCalls, 0);
  });

  it('D23/D17: faults for a throwing method and for unknown, __proto__, constructor and _private names', async () => {
    const thrown = await rawExchange(port, post('/', encodeCall('boom', [])));
    assert.equal(thrown.status, 200);
    assert.equal(faultCode(thrown.body), -32500);
    for (const name of ['nope', '__proto__', 'constructor', '_private', 'toString', 'add.__proto__']) {
      const response = await rawExchange(port, post('/', encodeCall(name, [])));
      assert.equal(response.status, 200, name);
      assert.equal(faultCode(response.body), -32601, name);
    }
    await assertAlive();
  });

  it('D25: a method that never settles gives fault -32603 after the call timeout, over HTTP', async () => {
    const dispatcher = new ServiceDispatcher({ name: 'Stuck', callTimeoutMs: 100 });
    dispatcher.registerFunction('never', () => new Promise(() => undefined));
    server.addService(['/Stuck'], dispatcher);
    const response = await rawExchange(port, post('/Stuck', encodeCall('never', [])));
    assert.equal(response.status, 200);
    assert.equal(faultCode(response.body), -32603);
    await assertAlive();
  });

  it('gzips large responses only for clients that accept gzip', async () => {
    const zipped = await rawExchange(port, post('/', encodeCall('big', []), { 'Accept-Encoding': 'gzip' }));
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
    assert.equal(decodeResponse(gunzipSync(zipped.body)), 'x'.repeat(5000));
    const refused = await rawExchange(
      port,
      post('/', encodeCall('big', []), { 'Accept-Encoding': 'gzip;q=0' }),
    );
    assert.equal(refused.headers['content-encoding'], undefined);
    const small = await rawExchange(
      port,
      post('/', encodeCall('add', [2, 3]), { 'Accept-Encoding': 'gzip' }),
    );
    assert.equal(small.headers['content-encoding'], undefined);
  });

  it('echoes X-Request-Id and logs it with a failed call, without the stack in the fault', async () => {
    const response = await rawExchange(port, post('/', encodeCall('boom', []), { 'X-Request-Id': 'req-42' }));
    assert.equal(response.headers['x-request-id'], 'req-42');
    assert.doesNotMatch(response.body.toString(), /at .*\.js/);
    assert.ok(logger.lines.some((line) => line.includes('req-42') && line.includes('synchronous failure')));
  });

  it('closes gracefully: an in-flight call finishes, new connections are refused', async () => {
    let release: (() => void) | undefined;
    server.registerFunction(
      'slow',
      () =>
        new Promise<string>((resolve) => {
          release = () => {
            resolve('done');
          };
        }),
    );
    const pending = rawExchange(port, post('/', encodeCall('slow', [])));
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const late = await rawExchange(port, addRequest('/'), { timeoutMs: 1000 });
    assert.equal(late.status, 0);
    release();
    const response = await pending;
    assert.equal(decodeResponse(response.body), 'done');
    await closed;
  });
});
