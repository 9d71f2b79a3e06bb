import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SpindleError, XmlRpcServiceExporter } from '../../src/index.js';
import { decodeResponse, encodeCall } from '../../src/entries/codec.js';
import type { LogFields, Logger } from '../../src/index.js';
import { generateTestPki } from '../helpers/pki.js';
import { freePort } from '../helpers/ports.js';
import { runPythonJson } from '../helpers/pythonProcess.js';
import { Arithmetic } from './services.js';

async function xmlRpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml' },
    body: encodeCall(method, params),
  });
  assert.equal(response.status, 200);
  return decodeResponse(Buffer.from(await response.arrayBuffer()));
}

function codeOf(error: unknown): string | undefined {
  return SpindleError.is(error) ? error.code : undefined;
}

class Service {
  public echo(value: unknown): unknown {
    return value;
  }
  public afterPropertiesSet(): void {
    // a lifecycle hook: never exported
  }
  public close(): void {
    // a lifecycle hook: never exported
  }
  public _secret(): string {
    return 'hidden';
  }
}

describe('XmlRpcServiceExporter', () => {
  const exporters: XmlRpcServiceExporter[] = [];
  function track(exporter: XmlRpcServiceExporter): XmlRpcServiceExporter {
    exporters.push(exporter);
    return exporter;
  }
  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.close()));
  });

  it('exports the public methods only, and reports its url after start', async () => {
    const exporter = track(
      new XmlRpcServiceExporter({ service: new Service(), serviceName: 'Svc', servicePort: 0 }),
    );
    assert.deepEqual(exporter.methods, ['echo']);
    assert.equal(exporter.url, undefined);
    await exporter.start();
    await exporter.start();
    assert.match(String(exporter.url), /^http:\/\/127\.0\.0\.1:\d+\/Svc$/);
    assert.equal(await xmlRpc(exporter.url!, 'echo', ['hi']), 'hi');
    await exporter.close();
    await exporter.close();
    assert.equal(exporter.url, undefined);
    await assert.rejects(exporter.start(), (error: unknown) => codeOf(error) === 'SPINDLE_CLOSED');
  });

  it('shares one server between exporters on one host:port, dispatching by path', async () => {
    const port = await freePort();
    const a = track(
      new XmlRpcServiceExporter({ service: new Service(), serviceName: 'A', servicePort: port }),
    );
    const b = track(
      new XmlRpcServiceExporter({ service: new Arithmetic(), serviceName: 'B', servicePort: port }),
    );
    const root = track(new XmlRpcServiceExporter({ service: new Arithmetic(), servicePort: port }));
    await Promise.all([a.start(), b.start(), root.start()]);
    assert.equal(a.url, `http://127.0.0.1:${port}/A`);
    assert.equal(await xmlRpc(a.url, 'echo', [1]), 1);
    assert.equal(await xmlRpc(b.url!, 'add', [2, 3]), 5);
    assert.equal(await xmlRpc(`http://127.0.0.1:${port}/RPC2`, 'multiply', [2, 3]), 6);
    await a.close();
    assert.equal(await xmlRpc(b.url!, 'add', [2, 3]), 5);
    const gone = await fetch(`http://127.0.0.1:${port}/A`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: encodeCall('echo', [1]),
    });
    assert.equal(gone.status, 404);
    await Promise.all([b.close(), root.close()]);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/B`, { method: 'POST' }));
  });

  it('refuses the same path twice, different TLS on one port, and a port in use', async () => {
    const port = await freePort();
    const first = track(
      new XmlRpcServiceExporter({ service: new Service(), serviceName: 'Same', servicePort: port }),
    );
    await first.start();
    const twice = track(
      new XmlRpcServiceExporter({ service: new Service(), serviceName: 'Same', servicePort: port }),
    );
    await assert.rejects(twice.start(), (error: unknown) => codeOf(error) === 'SPINDLE_SERVER_CONFLICT');
    const dir = await mkdtemp(join(tmpdir(), 'spindle-exporter-'));
    try {
      const pki = await generateTestPki(dir);
      const tls = track(
        new XmlRpcServiceExporter({
          service: new Service(),
          serviceName: 'Tls',
          servicePort: port,
          tls: { key: pki.serverKey, cert: pki.serverCert },
        }),
      );
      await assert.rejects(tls.start(), (error: unknown) => codeOf(error) === 'SPINDLE_SERVER_CONFLICT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const blocker: Server = createServer();
    const blocked = await freePort();
    await new Promise<void>((resolve) => blocker.listen(blocked, '127.0.0.1', resolve));
    try {
      const late = track(new XmlRpcServiceExporter({ service: new Service(), servicePort: blocked }));
      await assert.rejects(
        late.start(),
        (error: unknown) => codeOf(error) === 'SPINDLE_SERVER_LISTEN_FAILED',
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    assert.equal(await xmlRpc(first.url!, 'echo', ['still up']), 'still up');
  });

  it('checks idempotent names and advertises them to CPython through system.getCapabilities', async () => {
    assert.throws(
      () => new XmlRpcServiceExporter({ service: new Arithmetic(), idempotent: ['nope'] }),
      (error: unknown) => codeOf(error) === 'SPINDLE_INVALID_ARGUMENT',
    );
    const exporter = track(
      new XmlRpcServiceExporter({
        service: new Arithmetic(),
        servicePort: 0,
        idempotent: ['add', 'multiply'],
      }),
    );
    await exporter.start();
    const capabilities = (await runPythonJson(
      'import sys, json, xmlrpc.client as x\nprint(json.dumps(x.ServerProxy(sys.argv[1]).system.getCapabilities()))',
      [exporter.url!],
    )) as Record<string, { methods?: string[] }>;
    assert.deepEqual(capabilities['spindle.idempotent']?.methods, ['add', 'multiply']);
  });

  it('asks for Basic auth, refuses it on plain HTTP unless allowed, and never logs credentials', async () => {
    const refused = track(
      new XmlRpcServiceExporter({
        service: new Service(),
        servicePort: 0,
        auth: { users: { alice: 's3cret!' } },
      }),
    );
    await assert.rejects(
      refused.start(),
      (error: unknown) => codeOf(error) === 'SPINDLE_SERVER_INSECURE_AUTH',
    );
    const lines: string[] = [];
    const record = (message: string, fields?: LogFields): void => {
      lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
    };
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    const exporter = track(
      new XmlRpcServiceExporter({
        service: new Service(),
        servicePort: 0,
        logger,
        auth: { users: { alice: 's3cret!' }, allowInsecure: true, realm: 'Spindle tests' },
      }),
    );
    await exporter.start();
    const port = exporter.address!.port;
    const result = (await runPythonJson(
      `
import sys, json, xmlrpc.client as x
port = sys.argv[1]
out = {"ok": x.ServerProxy("http://alice:s3cret%21@127.0.0.1:" + port + "/").echo("in")}
for label, url in [("wrong", "http://alice:nope@127.0.0.1:%s/"), ("none", "http://127.0.0.1:%s/")]:
    try:
        x.ServerProxy(url % port).echo("in")
    except x.ProtocolError as e:
        out[label] = [e.errcode, e.headers.get("WWW-Authenticate")]
print(json.dumps(out))`,
      [String(port)],
    )) as Record<string, unknown>;
    assert.equal(result['ok'], 'in');
    assert.deepEqual(result['wrong'], [401, 'Basic realm="Spindle tests", charset="UTF-8"']);
    assert.deepEqual(result['none'], [401, 'Basic realm="Spindle tests", charset="UTF-8"']);
    assert.doesNotMatch(lines.join('\n'), /s3cret|nope|YWxpY2/);
  });

  it('serves an HTML documentation page on GET when enabled, 405 otherwise', async () => {
    const documented = track(
      new XmlRpcServiceExporter({
        service: new Arithmetic(),
        serviceName: 'Docs',
        servicePort: 0,
        documentation: true,
        methodInfo: { add: { signature: ['int', 'int', 'int'], help: 'Adds <two> integers.' } },
      }),
    );
    const plain = track(new XmlRpcServiceExporter({ service: new Arithmetic(), servicePort: 0 }));
    await Promise.all([documented.start(), plain.start()]);
    const page = await fetch(documented.url!);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.match(html, /int add\(int, int\)/);
    assert.match(html, /Adds &lt;two&gt; integers\./);
    assert.match(html, /system\.listMethods/);
    const none = await fetch(plain.url!);
    assert.equal(none.status, 405);
    assert.equal(none.headers.get('allow'), 'POST');
  });
});
