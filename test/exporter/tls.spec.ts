import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XmlRpcServiceExporter } from '../../src/index.js';
import type { Logger, TlsServerOptions } from '../../src/index.js';
import { CLIENT_FIELDS, generateTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import { runPythonJson } from '../helpers/pythonProcess.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';

/** Spring Python's SSLClient, in modern CPython: ServerProxy with an ssl context. */
const PYTHON_SSL_CLIENT = `
import sys, json, ssl, xmlrpc.client as x
url, ca, cert, key = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=ca)
if cert:
    ctx.load_cert_chain(cert, key)
try:
    print(json.dumps({"result": x.ServerProxy(url, context=ctx).pow(41, 3)}))
except Exception as e:
    print(json.dumps({"error": type(e).__name__, "message": str(e)}))
`;

interface Outcome {
  readonly result?: number;
  readonly error?: string;
  readonly message?: string;
}

class Pow {
  public pow(x: number, y: number): number {
    return x ** y;
  }
}

/** The three modes of the Spring Python secure XML-RPC chapter, with CPython's ssl as the client. */
describe('XmlRpcServiceExporter over TLS (Spring Python secure XML-RPC)', () => {
  let pki: TestPki;
  let dir: string;
  const exporters: XmlRpcServiceExporter[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-tls-'));
    pki = await generateTestPki(dir);
  });

  after(async () => {
    await Promise.all(exporters.map((e) => e.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(tls: TlsServerOptions, logger?: Logger): Promise<string> {
    const exporter = new XmlRpcServiceExporter({
      service: new Pow(),
      servicePort: 0,
      tls,
      ...(logger === undefined ? {} : { logger }),
    });
    exporters.push(exporter);
    await exporter.start();
    // Python checks the host name against the certificate's SAN; the server listens on 127.0.0.1.
    return `https://localhost:${exporter.address!.port}/RPC2`;
  }

  async function callAs(url: string, cert = '', key = '', ca = pki.caChain): Promise<Outcome> {
    return (await runPythonJson(PYTHON_SSL_CLIENT, [url, ca, cert, key])) as Outcome;
  }

  it('encrypted only: a client trusting the CA chain calls pow(41, 3)', async () => {
    const url = await serve({ key: pki.serverKey, cert: pki.serverCert });
    assert.deepEqual(await callAs(url), { result: 68921 });
    const untrusting = await callAs(url, '', '', pki.untrustedCaCert);
    assert.equal(
      untrusting.error,
      'SSLCertVerificationError',
      'a client not trusting the chain refuses the server',
    );
  });

  it('accepts key, cert and ca as PEM text as well as file paths', async () => {
    const [key, cert] = await Promise.all([
      readFile(pki.serverKey, 'utf8'),
      readFile(pki.serverCert, 'utf8'),
    ]);
    const url = await serve({ key, cert });
    assert.deepEqual(await callAs(url), { result: 68921 });
  });

  it('client certificate required: a signed certificate passes; none, or an untrusted CA, is refused', async () => {
    const url = await serve({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caChain, requestCert: true });
    assert.deepEqual(await callAs(url, pki.clientCert, pki.clientKey), { result: 68921 });
    assert.equal((await callAs(url)).result, undefined);
    assert.equal((await callAs(url, pki.untrustedClientCert, pki.untrustedClientKey)).result, undefined);
  });

  it('fields checked: only My Client / My Company / My State passes; the reason stays in the server log', async () => {
    const logger = new RecordingLogger();
    const url = await serve(
      {
        key: pki.serverKey,
        cert: pki.serverCert,
        ca: pki.caChain,
        requestCert: true,
        verifyFields: CLIENT_FIELDS,
      },
      logger,
    );
    assert.deepEqual(await callAs(url, pki.clientCert, pki.clientKey), { result: 68921 });
    const refused = {
      wrong: await callAs(url, pki.wrongClientCert, pki.wrongClientKey),
      none: await callAs(url),
      untrusted: await callAs(url, pki.untrustedClientCert, pki.untrustedClientKey),
      duplicate: await callAs(url, pki.duplicateClientCert, pki.duplicateClientKey),
    };
    for (const [name, outcome] of Object.entries(refused)) {
      assert.equal(outcome.result, undefined, name);
      assert.ok(outcome.error !== undefined, name);
      assert.doesNotMatch(outcome.message ?? '', /organizationName|Other Company|commonName/, name);
    }
    const log = logger.lines.join('\n');
    assert.match(log, /organizationName is 'Other Company', expected 'My Company'/);
    assert.match(log, /2 commonName fields/);
  });

  it('refuses verifyFields with short or unknown field names at construction', () => {
    assert.throws(
      () =>
        new XmlRpcServiceExporter({
          service: new Pow(),
          tls: {
            key: pki.serverKey,
            cert: pki.serverCert,
            ca: pki.caChain,
            verifyFields: { CN: 'My Client' },
          },
        }),
      /unknown subject field 'CN'/,
    );
  });
});
