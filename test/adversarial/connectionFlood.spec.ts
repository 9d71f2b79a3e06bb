import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';

import { decodeResponse } from '../../src/codec/index.js';
import { XmlRpcServer } from '../../src/transport/server/XmlRpcServer.js';
import type { TestPki } from '../helpers/pki.js';
import { generateTestPki } from '../helpers/pki.js';
import { rawExchange } from '../helpers/rawHttp.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';
import { callXml, post, sleep } from './rawHttp.js';

const CAP = 40;
const ADD = post(callXml('add', '<int>2</int>', '<int>3</int>'), { path: '/RPC2' });
const KEEP_ALIVE_ADD = post(callXml('add', '<int>2</int>', '<int>3</int>'), {
  path: '/RPC2',
  headers: ['Connection: keep-alive'],
});

/** Opens a connection from `localAddress`; resolves once connected or closed. */
function open(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('close', () => {
      resolve(socket);
    });
  });
}

/** Idle connections from `localAddress`, each re-opened when the server closes it, until `stop()`. */
class IdleFlood {
  public readonly sockets = new Set<Socket>();
  public closedByServer = 0;
  private stopped = false;

  public constructor(
    private readonly port: number,
    private readonly localAddress: string,
    count: number,
  ) {
    for (let i = 0; i < count; i++) this.open();
  }

  public stop(): void {
    this.stopped = true;
    for (const socket of this.sockets) socket.destroy();
  }

  private open(): void {
    if (this.stopped) return;
    const socket = connect({ host: '127.0.0.1', port: this.port, localAddress: this.localAddress });
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.stopped) return;
      this.closedByServer++;
      setTimeout(() => {
        this.open();
      }, 5);
    });
  }
}

/** A keep-alive connection from `localAddress` that has made one call and stays open. */
async function usedConnection(port: number, localAddress: string): Promise<Socket> {
  const socket = await open(port, localAddress);
  const answered = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('</methodResponse>')) resolve(text);
    });
    socket.once('close', () => {
      resolve(text);
    });
  });
  for (const part of KEEP_ALIVE_ADD.parts) socket.write(part.data);
  assert.match(await answered, /^HTTP\/1\.1 200/);
  return socket;
}

/** Polls until the server holds `count` connections (bounded: 20 s). */
async function untilOpen(server: XmlRpcServer, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const open = await new Promise<number>((resolve, reject) =>
      server.server.getConnections((error, n) => {
        if (error === null) resolve(n);
        else reject(error);
      }),
    );
    if (open >= count) return;
    await sleep(50);
  }
  assert.fail(`the server never held ${String(count)} connections`);
}

describe('adversarial: idle-connection floods from several addresses (fair load shedding)', function () {
  this.timeout(60_000);
  let server: XmlRpcServer;
  let logger: RecordingLogger;
  const floods: IdleFlood[] = [];
  const sockets: Socket[] = [];

  beforeEach(async () => {
    logger = new RecordingLogger();
    // Long timeouts: only the connection cap may close a connection in these tests.
    server = new XmlRpcServer({
      port: 0,
      logger,
      limits: {
        maxConnections: CAP,
        headersTimeoutMs: 60_000,
        requestTimeoutMs: 60_000,
        keepAliveTimeoutMs: 60_000,
      },
    });
    server.registerFunction('add', (x: number, y: number) => x + y);
    await server.listen();
  });
  afterEach(async () => {
    for (const flood of floods.splice(0)) flood.stop();
    for (const socket of sockets.splice(0)) socket.destroy();
    await server.close();
  });

  it('every call of a client on another address succeeds while floods from 4 addresses hold the cap', async () => {
    const port = server.address!.port;
    for (let i = 2; i <= 5; i++) floods.push(new IdleFlood(port, `127.0.0.${String(i)}`, CAP / 4 + 5));
    await untilOpen(server, CAP);
    const answers = [];
    for (let i = 0; i < 20; i++) {
      // A fresh connection each time: the hardest case, a new client arriving at a full server.
      answers.push(await rawExchange(port, ADD, { localAddress: '127.0.0.1', timeoutMs: 20_000 }));
    }
    assert.deepEqual(
      answers.map((a) => a.status),
      Array.from({ length: 20 }, () => 200),
    );
    for (const answer of answers) assert.equal(decodeResponse(answer.body), 5);
    // The flood still holds the cap (it re-opens what is closed), and its idle connections
    // were what gave way.
    await untilOpen(server, CAP);
    const shed = floods.reduce((sum, f) => sum + f.closedByServer, 0);
    assert.ok(shed >= 20, `${String(shed)} idle connections closed`);
    // Logged, but not once per connection: a flood must not flood the log too.
    const logged = logger.messages('warn').filter((m) => m.startsWith('closed an idle connection')).length;
    assert.ok(logged >= 1 && logged < shed, `${String(logged)} log lines for ${String(shed)} closes`);
  });

  it('the address holding the most connections is refused rather than swapped, and used connections are never closed', async () => {
    const port = server.address!.port;
    // 10 connections that made a call (a keep-alive client) and 30 idle ones from one address.
    for (let i = 0; i < 10; i++) sockets.push(await usedConnection(port, '127.0.0.1'));
    for (let i = 0; i < CAP - 10; i++) sockets.push(await open(port, '127.0.0.2'));
    await untilOpen(server, CAP);
    // More from the flooding address: refused, and none of its own idle ones is swapped out.
    const more = await rawExchange(port, ADD, { localAddress: '127.0.0.2', timeoutMs: 20_000 });
    assert.equal(more.status, 0);
    assert.equal(more.closed, true);
    assert.equal(
      sockets.filter((s) => s.destroyed).length,
      0,
      'no held connection was closed for a newcomer from the heaviest address',
    );
    // A third address gets in by taking the oldest idle connection of 127.0.0.2.
    const other = await rawExchange(port, ADD, { localAddress: '127.0.0.3', timeoutMs: 20_000 });
    assert.equal(other.status, 200);
    const oldestIdle = sockets[10]!;
    for (let i = 0; i < 200 && !oldestIdle.destroyed; i++) await sleep(25);
    assert.equal(oldestIdle.destroyed, true, 'the oldest idle connection gave way');
    // The 10 used keep-alive connections are all still open.
    for (const used of sockets.slice(0, 10)) assert.equal(used.destroyed, false);
  });

  it('a flood spread one idle connection per address still gives way, oldest first', async () => {
    const port = server.address!.port;
    // CAP addresses, one idle connection each: every address holds as many as a newcomer would.
    for (let i = 0; i < CAP; i++) sockets.push(await open(port, `127.0.1.${String(i + 1)}`));
    await untilOpen(server, CAP);
    const answer = await rawExchange(port, ADD, { localAddress: '127.0.0.1', timeoutMs: 20_000 });
    assert.equal(answer.status, 200);
    const oldest = sockets[0]!;
    for (let i = 0; i < 200 && !oldest.destroyed; i++) await sleep(25);
    assert.equal(oldest.destroyed, true, 'the oldest idle connection gave way');
    assert.equal(sockets.filter((s) => s.destroyed).length, 1, 'only one connection was closed');
  });

  it('when every slot holds a connection that made a request, a newcomer is refused', async () => {
    const port = server.address!.port;
    for (let i = 0; i < CAP; i++) sockets.push(await usedConnection(port, `127.0.0.${String(2 + (i % 4))}`));
    await untilOpen(server, CAP);
    const refused = await rawExchange(port, ADD, { localAddress: '127.0.0.1', timeoutMs: 20_000 });
    assert.equal(refused.status, 0);
    assert.equal(refused.closed, true);
    assert.match(logger.lines.join('\n'), /connection refused: the server is at maxConnections/);
    for (const used of sockets) assert.equal(used.destroyed, false);
  });
});

describe('adversarial: fair load shedding over HTTPS', function () {
  this.timeout(60_000);
  let pki: TestPki;
  let server: XmlRpcServer;
  const sockets: Socket[] = [];

  before(async () => {
    pki = await generateTestPki(join(tmpdir(), `spindle-shedding-tls-${String(process.pid)}`));
    server = new XmlRpcServer({
      port: 0,
      tls: { key: pki.serverKey, cert: pki.serverCert },
      limits: { maxConnections: 2, headersTimeoutMs: 60_000, keepAliveTimeoutMs: 60_000 },
    });
    server.registerFunction('add', (x: number, y: number) => x + y);
    await server.listen();
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await server.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('a TLS connection that made a request is not taken for an idle one', async () => {
    const port = server.address!.port;
    // The older of 127.0.0.2's two connections made a call over TLS; the newer sent nothing.
    const used = tlsConnect({
      socket: await open(port, '127.0.0.2'),
      host: '127.0.0.1',
      ca: readFileSync(pki.caChain),
    });
    sockets.push(used);
    const answered = new Promise<string>((resolve) => {
      let text = '';
      used.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('</methodResponse>')) resolve(text);
      });
      used.once('close', () => {
        resolve(text);
      });
    });
    for (const part of KEEP_ALIVE_ADD.parts) used.write(part.data);
    assert.match(await answered, /^HTTP\/1\.1 200/);
    const idle = await open(port, '127.0.0.2');
    sockets.push(idle);
    await untilOpen(server, 2);
    // A newcomer from another address takes the idle connection's slot, not the used one's.
    const newcomer = await open(port, '127.0.0.3');
    sockets.push(newcomer);
    for (let i = 0; i < 200 && !idle.destroyed; i++) await sleep(25);
    assert.equal(idle.destroyed, true, 'the idle connection gave way');
    assert.equal(used.destroyed, false, 'the TLS connection that made a call stays');
  });
});
