import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createProxy, currentCall, invokerOf, XmlRpcServiceExporter } from '../../../src/index.js';
import { generateTestPki } from '../../helpers/pki.js';
import type { TestPki } from '../../helpers/pki.js';

class WhoAmI {
  public subject(): Readonly<Record<string, string>> | string {
    return currentCall()?.clientSubject ?? 'none';
  }
}

describe("currentCall().clientSubject: the subject of the client's TLS certificate", function () {
  this.timeout(60_000);
  let pki: TestPki;
  let dir: string;
  let exporter: XmlRpcServiceExporter;
  let url: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-subject-'));
    pki = await generateTestPki(dir);
    exporter = new XmlRpcServiceExporter({
      service: new WhoAmI(),
      servicePort: 0,
      tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caChain, requestCert: true },
    });
    url = await exporter.start();
  });
  after(async () => {
    await exporter.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the fields of the certificate the client presented', async () => {
    const proxy = createProxy<WhoAmI>(url, {
      tls: { ca: pki.caChain, cert: pki.clientCert, key: pki.clientKey },
    });
    try {
      const subject = (await proxy.subject()) as Record<string, string>;
      assert.equal(subject['CN'], 'My Client');
      assert.equal(subject['O'], 'My Company');
      assert.equal(subject['ST'], 'My State');
    } finally {
      await invokerOf(proxy).close();
    }
  });
});
