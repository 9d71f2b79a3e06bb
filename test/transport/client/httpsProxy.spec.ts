import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XmlRpcClient, XmlRpcProxyFactory } from '../../../src/proxy/index.js';
import { XmlRpcServer } from '../../../src/transport/server/XmlRpcServer.js';
import type { TlsServerOptions } from '../../../src/transport/server/resolveTlsOptions.js';
import type { ConnectProxy } from '../../helpers/connectProxy.js';
import { startConnectProxy } from '../../helpers/connectProxy.js';
import type { TestPki } from '../../helpers/pki.js';
import { generateTestPki } from '../../helpers/pki.js';
import { closedPort } from '../../helpers/ports.js';
import { assertTransportError, rejectionOf } from '../../helpers/rejections.js';

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('XmlRpcClient: https: through an HTTP proxy (CONNECT tunnel)', function () {
  this.timeout(20_000);
  let dir: string;
  let pki: TestPki;
  let origin: XmlRpcServer;
  let originUrl: string;
  const servers: XmlRpcServer[] = [];
  const proxies: ConnectProxy[] = [];
  const clients: { close(): Promise<void> }[] = [];

  async function serve(
    tls: Omit<TlsServerOptions, 'key' | 'cert'>,
    host = '127.0.0.1',
  ): Promise<XmlRpcServer> {
    const server = new XmlRpcServer({
      host,
      port: 0,
      tls: { key: pki.serverKey, cert: pki.serverCert, ...tls },
    });
    server.registerFunction('add', (a: number, b: number) => a + b);
    servers.push(server);
    await server.listen();
    return server;
  }
  async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
    const made = await startConnectProxy(options);
    proxies.push(made);
    return made;
  }
  function client(url: string, options: ConstructorParameters<typeof XmlRpcClient>[1]): XmlRpcClient {
    const made = new XmlRpcClient(url, { timeoutMs: 5000, ...options });
    clients.push(made);
    return made;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-https-proxy-'));
    pki = await generateTestPki(dir);
    origin = await serve({});
    originUrl = `https://127.0.0.1:${origin.address!.port}/RPC2`;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
    await Promise.all(proxies.splice(0).map((made) => made.close()));
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('calls through the tunnel with the proxy credentials, reusing one tunnel for sequential calls', async () => {
    const gate = await proxy({ credentials: 'gate:p@ss' });
    const made = client(originUrl, {
      proxy: `http://gate:p%40ss@127.0.0.1:${gate.port}`,
      tls: { ca: pki.caChain },
    });
    assert.equal(await made.invoke('add', [2, 3]), 5);
    assert.equal(await made.invoke('add', [40, 2]), 42);
    assert.equal(await made.invoke('add', [1, 1]), 2);
    const authority = `127.0.0.1:${origin.address!.port}`;
    assert.deepEqual(gate.seen, [
      { line: `CONNECT ${authority} HTTP/1.1`, host: authority, proxyAuthorization: basic('gate:p@ss') },
    ]);
  });

  it('a proxy that refuses the tunnel (407) fails the call as not executed, naming the status', async () => {
    const gate = await proxy({ credentials: 'gate:pass' });
    const made = client(originUrl, {
      proxy: `http://gate:wrong@127.0.0.1:${gate.port}`,
      tls: { ca: pki.caChain },
    });
    const error = assertTransportError(
      await rejectionOf(made.invoke('add', [1, 2])),
      'SPINDLE_CLIENT_CONNECT_FAILED',
      'not-executed',
      /407/,
    );
    assert.match(error.message, /proxy/);
    assert.equal(gate.seen.length, 1);
  });

  it('a proxy that cannot reach the origin (502) fails the call as not executed, naming the status', async () => {
    const gate = await proxy();
    const made = client(`https://127.0.0.1:${await closedPort()}/RPC2`, {
      proxy: gate.url,
      tls: { ca: pki.caChain },
    });
    assertTransportError(
      await rejectionOf(made.invoke('add', [1, 2])),
      'SPINDLE_CLIENT_CONNECT_FAILED',
      'not-executed',
      /502 Bad Gateway/,
    );
  });

  it('verifies the origin certificate inside the tunnel: an untrusted one is refused, not executed', async () => {
    const gate = await proxy();
    const made = client(originUrl, { proxy: gate.url });
    assertTransportError(
      await rejectionOf(made.invoke('add', [1, 2])),
      'SPINDLE_CLIENT_TLS_FAILED',
      'not-executed',
    );
    assert.equal(gate.seen.length, 1, 'the handshake ran through the tunnel');
  });

  it("checks the origin's host name, not the proxy's", async () => {
    // The certificate names 127.0.0.1 (the proxy's address) but not 127.0.0.2.
    const other = await serve({}, '127.0.0.2');
    const gate = await proxy();
    const made = client(`https://127.0.0.2:${other.address!.port}/RPC2`, {
      proxy: gate.url,
      tls: { ca: pki.caChain },
    });
    assertTransportError(
      await rejectionOf(made.invoke('add', [1, 2])),
      'SPINDLE_CLIENT_TLS_FAILED',
      'not-executed',
      /127\.0\.0\.2/,
    );
    assert.deepEqual(
      gate.seen.map((seen) => seen.line),
      [`CONNECT 127.0.0.2:${other.address!.port} HTTP/1.1`],
    );
  });

  it('presents the client certificate through the tunnel to a server that requires one', async () => {
    const mutual = await serve({ ca: pki.caChain, requestCert: true });
    const gate = await proxy();
    const url = `https://127.0.0.1:${mutual.address!.port}/RPC2`;
    const made = client(url, {
      proxy: gate.url,
      tls: { ca: pki.caChain, cert: pki.clientCert, key: pki.clientKey },
    });
    assert.equal(await made.invoke('add', [20, 22]), 42);
    const anonymous = client(url, { proxy: gate.url, tls: { ca: pki.caChain } });
    // Spindle's server answers a client without a certificate 403 before dispatch.
    assertTransportError(
      await rejectionOf(anonymous.invoke('add', [1, 2])),
      'SPINDLE_CLIENT_PROTOCOL_ERROR',
      'not-executed',
    );
  });

  it('a proxy that is down fails the call as not executed', async () => {
    const made = client(originUrl, {
      proxy: `http://127.0.0.1:${await closedPort()}`,
      tls: { ca: pki.caChain },
    });
    assertTransportError(
      await rejectionOf(made.invoke('add', [1, 2])),
      'SPINDLE_CLIENT_CONNECT_FAILED',
      'not-executed',
    );
  });

  it('the timeout and the AbortSignal cover a proxy that never answers CONNECT (not executed)', async () => {
    const stuck = await proxy({ silent: true });
    const made = client(originUrl, { proxy: stuck.url, tls: { ca: pki.caChain } });
    assertTransportError(
      await rejectionOf(made.invoke('add', [1, 2], { timeoutMs: 300 })),
      'SPINDLE_CLIENT_TIMEOUT',
      'not-executed',
    );
    const controller = new AbortController();
    const call = made.invoke('add', [1, 2], { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 100);
    assertTransportError(await rejectionOf(call), 'SPINDLE_CLIENT_ABORTED', 'not-executed');
    assert.equal(stuck.seen.length, 2);
  });

  it('XmlRpcProxyFactory passes proxy and tls through for an https: service', async () => {
    const gate = await proxy();
    const factory = new XmlRpcProxyFactory({
      serviceUrl: originUrl,
      proxy: gate.url,
      tls: { ca: pki.caChain },
    });
    clients.push(factory);
    const service = factory.getObject<{ add(a: number, b: number): Promise<number> }>();
    assert.equal(await service.add(1, 2), 3);
    assert.equal(gate.seen.length, 1);
  });
});
