import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createProxy, invokerOf } from '../../../src/proxy/index.js';
import type { TestServer } from '../../helpers/rawServer.js';
import { responseXml, startHttpServer } from '../../helpers/rawServer.js';

/**
 * A small forwarding HTTP proxy (what CPython's ProxiedTransport talks to): it
 * takes absolute-URI requests, records them, and forwards them to the origin.
 */
async function startForwardingProxy(): Promise<{
  url: string;
  seen: { url: string; host: string | undefined; proxyAuthorization: string | undefined }[];
  close(): Promise<void>;
}> {
  const seen: { url: string; host: string | undefined; proxyAuthorization: string | undefined }[] = [];
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((request, response) => {
    seen.push({
      url: request.url ?? '',
      host: request.headers.host,
      proxyAuthorization: request.headers['proxy-authorization'],
    });
    const target = new URL(request.url ?? '');
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: request.method,
        headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe('XmlRpcClient through an HTTP proxy (the ProxiedTransport case)', () => {
  let origin: TestServer;
  let forwarder: Awaited<ReturnType<typeof startForwardingProxy>>;

  before(async () => {
    origin = await startHttpServer((request, _body, response) => {
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      response.end(
        responseXml(`<string>${request.url ?? ''} ${request.headers.authorization ?? 'none'}</string>`),
      );
    });
    forwarder = await startForwardingProxy();
  });
  after(async () => {
    await forwarder.close();
    await origin.close();
  });

  it('sends the absolute URI and the real Host to the proxy, which forwards the call', async () => {
    const target = `http://bob:secret@127.0.0.1:${origin.port}/time/RPC2`;
    const proxy = createProxy<{ currentTime: { getCurrentTime(): string } }>(target, {
      proxy: `http://gate:pass@${forwarder.url.slice('http://'.length)}`,
    });
    try {
      const answer = await proxy.currentTime.getCurrentTime();
      const basic = `Basic ${Buffer.from('bob:secret').toString('base64')}`;
      assert.equal(answer, `/time/RPC2 ${basic}`);
      assert.deepEqual(forwarder.seen, [
        {
          url: `http://127.0.0.1:${origin.port}/time/RPC2`,
          host: `127.0.0.1:${origin.port}`,
          proxyAuthorization: `Basic ${Buffer.from('gate:pass').toString('base64')}`,
        },
      ]);
    } finally {
      await invokerOf(proxy).close();
    }
  });
});
