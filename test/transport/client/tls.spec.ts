import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

import { encodeResponse } from '../../../src/codec/index.js';
import { XmlRpcClient } from '../../../src/proxy/index.js';
import type { TestPki } from '../../helpers/pki.js';
import { generateTestPki } from '../../helpers/pki.js';
import { RecordingLogger } from '../../helpers/RecordingLogger.js';
import { transportError } from '../../helpers/rejections.js';

/** An https server answering every call with the client certificate's CN (or "anonymous"). */
async function startTlsServer(
  pki: TestPki,
  requireClientCert: boolean,
  host = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer(
    {
      key: await readFile(pki.serverKey),
      cert: await readFile(pki.serverCert),
      ca: await readFile(pki.caChain),
      requestCert: requireClientCert,
      rejectUnauthorized: requireClientCert,
    },
    (request, response) => {
      request.resume();
      request.on('end', () => {
        const socket: unknown = request.socket;
        const peer = (socket as TLSSocket).getPeerCertificate();
        // Empty object when no certificate was presented.
        const subject = peer.subject as { CN?: unknown } | undefined;
        const name = typeof subject?.CN === 'string' ? subject.CN : 'anonymous';
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.end(encodeResponse(name));
      });
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${host}:${port}/RPC2`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const tlsFailure = transportError('SPINDLE_CLIENT_TLS_FAILED', 'not-executed');

describe('XmlRpcClient over TLS', function () {
  this.timeout(20_000);
  let pki: TestPki;
  let plain: { url: string; close(): Promise<void> };
  let mutual: { url: string; close(): Promise<void> };
  const clients: XmlRpcClient[] = [];
  const client = (url: string, options: ConstructorParameters<typeof XmlRpcClient>[1] = {}): XmlRpcClient => {
    const made = new XmlRpcClient(url, { timeoutMs: 5000, ...options });
    clients.push(made);
    return made;
  };

  before(async () => {
    pki = await generateTestPki(join(tmpdir(), `spindle-client-tls-${process.pid}`));
    plain = await startTlsServer(pki, false);
    mutual = await startTlsServer(pki, true);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
  });
  after(async () => {
    await plain.close();
    await mutual.close();
  });

  it('verifies the server by default: a certificate from an unknown CA is refused, not executed', async () => {
    await assert.rejects(client(plain.url).invoke('whoami', []), tlsFailure);
  });

  it('trusts a CA given as a file path or as PEM text', async () => {
    assert.equal(await client(plain.url, { tls: { ca: pki.caChain } }).invoke('whoami', []), 'anonymous');
    const pem = await readFile(pki.caChain, 'utf8');
    assert.equal(await client(plain.url, { tls: { ca: pem } }).invoke('whoami', []), 'anonymous');
  });

  it('checks the host name against the certificate', async () => {
    // The certificate names 127.0.0.1, ::1 and localhost, not 127.0.0.2.
    const other = await startTlsServer(pki, false, '127.0.0.2');
    try {
      await assert.rejects(
        client(other.url, { tls: { ca: pki.caChain } }).invoke('whoami', []),
        (error: unknown) => {
          tlsFailure(error);
          assert.match((error as Error).message, /127\.0\.0\.2/);
          return true;
        },
      );
    } finally {
      await other.close();
    }
  });

  it('insecure: true must be asked for, works against an untrusted server, and logs a warning', async () => {
    const logger = new RecordingLogger();
    const made = client(plain.url, { tls: { insecure: true }, logger });
    assert.equal(logger.messages('warn').length, 1);
    assert.match(logger.messages('warn')[0]!, /verification is off/);
    assert.equal(await made.invoke('whoami', []), 'anonymous');
  });

  it('presents a client certificate when the server requires one', async () => {
    const made = client(mutual.url, { tls: { ca: pki.caChain, key: pki.clientKey, cert: pki.clientCert } });
    assert.equal(await made.invoke('whoami', []), 'My Client');
  });

  it('without a client certificate the call is refused as a TLS failure, not executed', async () => {
    await assert.rejects(client(mutual.url, { tls: { ca: pki.caChain } }).invoke('whoami', []), tlsFailure);
  });
});
