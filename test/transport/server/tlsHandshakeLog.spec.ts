import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XmlRpcServiceExporter } from '../../../src/index.js';
import { generateTestPki } from '../../helpers/pki.js';
import type { TestPki } from '../../helpers/pki.js';
import { RecordingLogger } from '../../helpers/RecordingLogger.js';

/** Sends plain HTTP to a TLS port, which the server refuses in the handshake; resolves when the server hangs up. */
function plainHttpTo(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.write('POST /Echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    });
    socket.on('error', () => {
      resolve();
    });
    socket.on('close', () => {
      resolve();
    });
    socket.resume();
  });
}

/** A scanner or a misconfigured client must not be able to flood the server's log with warnings. */
describe('refused TLS handshakes are logged without flooding the log', () => {
  let pki: TestPki;
  let dir: string;
  let exporter: XmlRpcServiceExporter | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-tls-log-'));
    pki = await generateTestPki(dir);
  });

  afterEach(async () => {
    await exporter?.close();
    exporter = undefined;
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('warns once with the reason and the address, and logs the other refusals at debug', async () => {
    const logger = new RecordingLogger();
    exporter = new XmlRpcServiceExporter({
      service: { echo: (value: unknown) => value },
      serviceName: 'Echo',
      servicePort: 0,
      tls: { key: pki.serverKey, cert: pki.serverCert },
      logger,
    });
    await exporter.start();
    const port = exporter.address!.port;
    for (let attempt = 0; attempt < 5; attempt += 1) await plainHttpTo(port);
    const refusals = (level: 'warn' | 'debug') =>
      logger.records.filter((r) => r.level === level && r.message === 'TLS handshake refused');
    await waitFor(() => refusals('warn').length + refusals('debug').length === 5);
    const warnings = refusals('warn');
    assert.equal(warnings.length, 1, logger.lines.join('\n'));
    const fields = warnings[0]?.fields ?? {};
    assert.equal(fields['remoteAddress'], '127.0.0.1');
    assert.match(String(fields['reason']), /./);
    assert.equal(refusals('debug').length, 4);
  });
});

/** Polls `condition` until it holds, for at most 20 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > end) assert.fail('condition not reached within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
