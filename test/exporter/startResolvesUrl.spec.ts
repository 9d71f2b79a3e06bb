import assert from 'node:assert/strict';

import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { createProxy } from '../../src/proxy/createProxy.js';

describe('XmlRpcServiceExporter.start() resolves to the URL it serves', () => {
  it('gives the real URL of servicePort 0 as a string; url is undefined before start and after close', async () => {
    const exporter = new XmlRpcServiceExporter({
      service: { add: (a: number, b: number) => a + b },
      serviceName: 'Calculator',
      servicePort: 0,
    });
    assert.equal(exporter.url, undefined);
    try {
      const url: string = await exporter.start();
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/Calculator$/);
      assert.doesNotMatch(url, /:0\//);
      assert.equal(exporter.url, url);
      assert.equal(await exporter.start(), url, 'a second start() gives the same URL');
      const calculator = createProxy<{ add(a: number, b: number): Promise<number> }>(url);
      assert.equal(await calculator.add(2, 3), 5);
    } finally {
      await exporter.close();
    }
    assert.equal(exporter.url, undefined);
    await assert.rejects(exporter.start(), { code: 'SPINDLE_CLOSED' });
  });
});
