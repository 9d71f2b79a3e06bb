import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { SecureVersion } from 'node:tls';

import {
  createProxy,
  HighAvailabilityProxy,
  invokerOf,
  ProtocolError,
  XmlRpcServiceExporter,
} from '../../src/index.js';
import type { PoolRetry, TlsServerOptions } from '../../src/index.js';
import { CLIENT_FIELDS, generateTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';

/** A service that counts the calls that reached it. */
class Counter {
  public ran = 0;

  public bump(): number {
    this.ran += 1;
    return this.ran;
  }
}

interface Member {
  readonly counter: Counter;
  readonly url: string;
  readonly port: number;
}

/**
 * A client certificate a server refuses (verifyFields, an untrusted CA, none
 * at all) must reach the caller as "not executed", under TLS 1.2 and 1.3 alike,
 * so that a pool may send the call to a member that accepts the certificate.
 */
describe('a refused client certificate is "not executed"', () => {
  let pki: TestPki;
  let dir: string;
  const exporters: XmlRpcServiceExporter[] = [];
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-tls-refusal-'));
    pki = await generateTestPki(dir);
  });

  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    await Promise.all(exporters.splice(0).map((e) => e.close()));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The protocol a client with the good certificate negotiates with the server on `port`. */
  async function negotiated(port: number): Promise<string | null> {
    const [ca, cert, key] = await Promise.all([
      readFile(pki.caChain),
      readFile(pki.clientCert),
      readFile(pki.clientKey),
    ]);
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca, cert, key }, () => {
        const protocol = socket.getProtocol();
        socket.destroy();
        resolve(protocol);
      });
      socket.once('error', reject);
    });
  }

  /** Starts an exporter of a fresh Counter whose server speaks at most `version`. */
  async function member(
    version: SecureVersion,
    verifyFields: Record<string, string> | undefined,
    logger?: RecordingLogger,
  ): Promise<Member> {
    const counter = new Counter();
    const options: TlsServerOptions = {
      key: pki.serverKey,
      cert: pki.serverCert,
      ca: pki.caChain,
      requestCert: true,
      ...(verifyFields === undefined ? {} : { verifyFields }),
    };
    const exporter = new XmlRpcServiceExporter({
      service: counter,
      serviceName: 'Counter',
      servicePort: 0,
      tls: options,
      ...(logger === undefined ? {} : { logger }),
    });
    exporters.push(exporter);
    // Node reads its default highest version when the server's TLS context is made, at start.
    const previous = tls.DEFAULT_MAX_VERSION;
    tls.DEFAULT_MAX_VERSION = version;
    try {
      await exporter.start();
    } finally {
      tls.DEFAULT_MAX_VERSION = previous;
    }
    const port = exporter.address!.port;
    assert.equal(await negotiated(port), version, 'the server speaks the version under test');
    return { counter, url: `https://127.0.0.1:${port}/Counter`, port };
  }

  function proxyTo(url: string, cert?: string, key?: string): { bump(): Promise<number> } {
    const proxy = createProxy<Counter>(url, {
      tls: {
        ca: pki.caChain,
        ...(cert === undefined ? {} : { cert }),
        ...(key === undefined ? {} : { key }),
      },
    });
    closers.push(() => invokerOf(proxy).close());
    return proxy;
  }

  async function refusal(
    call: Promise<unknown>,
  ): Promise<{ outcome: string; status?: number; code: string }> {
    try {
      await call;
    } catch (error) {
      assert.ok(error instanceof Error && 'outcome' in error && 'code' in error, String(error));
      return {
        outcome: String(error.outcome),
        code: String(error.code),
        ...(error instanceof ProtocolError ? { status: error.status } : {}),
      };
    }
    assert.fail('the call was expected to be refused');
  }

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    describe(version, () => {
      it('verifyFields refusing the certificate: HTTP 403, not executed, the method never ran', async () => {
        const logger = new RecordingLogger();
        const strict = await member(version, { ...CLIENT_FIELDS, organizationName: 'Other Company' }, logger);
        const proxy = proxyTo(strict.url, pki.clientCert, pki.clientKey);
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await refusal(proxy.bump()), {
            outcome: 'not-executed',
            code: 'SPINDLE_CLIENT_PROTOCOL_ERROR',
            status: 403,
          });
        }
        assert.equal(strict.counter.ran, 0, 'the refused member never ran the method');
        const log = logger.lines.join('\n');
        assert.match(log, /client certificate refused/);
        assert.match(log, /organizationName is 'My Company', expected 'Other Company'/);
      });

      it('a certificate from an untrusted CA, or none: not executed, the method never ran', async () => {
        const logger = new RecordingLogger();
        const guarded = await member(version, CLIENT_FIELDS, logger);
        const untrusted = proxyTo(guarded.url, pki.untrustedClientCert, pki.untrustedClientKey);
        assert.deepEqual(await refusal(untrusted.bump()), {
          outcome: 'not-executed',
          code: 'SPINDLE_CLIENT_PROTOCOL_ERROR',
          status: 403,
        });
        const anonymous = proxyTo(guarded.url);
        assert.equal((await refusal(anonymous.bump())).outcome, 'not-executed');
        assert.equal(guarded.counter.ran, 0);
        const log = logger.lines.join('\n');
        assert.match(log, /the certificate is not trusted \(/);
        assert.match(log, /the client sent no certificate/);
        // The good certificate still passes on the same server.
        assert.equal(await proxyTo(guarded.url, pki.clientCert, pki.clientKey).bump(), 1);
      });

      it('a pool sends the refused call to a member whose verifyFields accept the certificate', async () => {
        const refusing = await member(version, { ...CLIENT_FIELDS, commonName: 'Somebody Else' });
        const accepting = await member(version, CLIENT_FIELDS);
        const pool = new HighAvailabilityProxy({
          members: [refusing.url, accepting.url],
          discoverIdempotent: false,
          client: { tls: { ca: pki.caChain, cert: pki.clientCert, key: pki.clientKey } },
        });
        closers.push(() => pool.close());
        const retries: PoolRetry[] = [];
        pool.on('retry', (retry) => retries.push(retry));
        const service = createProxy<Counter>(pool);
        // bump is not idempotent: the pool may send it elsewhere only because nothing ran.
        const results = [];
        for (let i = 0; i < 4; i++) results.push(await service.bump());
        assert.deepEqual(results, [1, 2, 3, 4]);
        assert.equal(refusing.counter.ran, 0, 'the refusing member never ran the method');
        assert.equal(accepting.counter.ran, 4);
        assert.ok(retries.length >= 1, 'the first call went to the refusing member first');
        assert.match(retries[0]?.reason ?? '', /403/);
      });
    });
  }
});
