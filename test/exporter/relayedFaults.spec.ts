import assert from 'node:assert/strict';

import { createProxy, Fault, XmlRpcServiceExporter } from '../../src/index.js';
import type { Remote } from '../../src/index.js';
import { rejectionOf } from '../helpers/rejections.js';

/** The back end: one method taking two parameters. */
class Back {
  public add(a: number, b: number): number {
    return a + b;
  }
}

/** A front service whose methods do their own work, then call the back end and let its fault through. */
class Front {
  public booked = 0;
  /** The back end as the front sees it: `missing` is not there, `add` may be sent too few parameters. */
  public back: Remote<{ add(a: number, b?: number): number; missing(): number }> | undefined;

  public async bookThenMissing(): Promise<number> {
    this.booked += 1;
    return this.back!.missing();
  }

  public async bookThenTooFew(): Promise<number> {
    this.booked += 1;
    return this.back!.add(1);
  }
}

/**
 * A fault the back end answered before running (−32601, −32602) says nothing
 * ran there; once a front method that ran relays it, its caller must not be
 * told "not executed": the front method's own work happened.
 */
describe('a refusal fault relayed by a method that ran', () => {
  const front = new Front();
  const exporters: XmlRpcServiceExporter[] = [];
  let proxy: Remote<Front>;
  let unknownMethod: Remote<{ nothere(): number }>;

  before(async () => {
    const back = new XmlRpcServiceExporter({ service: new Back(), serviceName: 'Back', servicePort: 0 });
    exporters.push(back);
    await back.start();
    front.back = createProxy(back.url!);
    const frontExporter = new XmlRpcServiceExporter({ service: front, serviceName: 'Front', servicePort: 0 });
    exporters.push(frontExporter);
    await frontExporter.start();
    proxy = createProxy<Front>(frontExporter.url!);
    unknownMethod = createProxy<{ nothere(): number }>(frontExporter.url!);
  });
  after(async () => {
    await Promise.all(exporters.map((exporter) => exporter.close()));
  });

  for (const method of ['bookThenMissing', 'bookThenTooFew'] as const) {
    it(`${method}: the caller's fault says the call may have run, with the back end's words`, async () => {
      const before = front.booked;
      const error = await rejectionOf(proxy[method]());
      assert.equal(front.booked, before + 1, 'the front method ran');
      assert.ok(error instanceof Fault, String(error));
      assert.equal(error.outcome, 'unknown');
      assert.match(error.faultString, method === 'bookThenMissing' ? /missing/ : /add needs 2 parameters/);
    });
  }

  it("the front end's own refusals stay not-executed", async () => {
    const before = front.booked;
    const error = await rejectionOf(unknownMethod.nothere());
    assert.ok(error instanceof Fault);
    assert.equal(error.faultCode, -32601);
    assert.equal(error.outcome, 'not-executed');
    assert.equal(front.booked, before);
  });
});
