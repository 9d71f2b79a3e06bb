import assert from 'node:assert/strict';

import {
  createProxy,
  currentCall,
  Fault,
  HighAvailabilityProxy,
  invokerOf,
  XmlRpcServiceExporter,
} from '../../../src/index.js';
import { decodeResponse, encodeCall } from '../../../src/entries/codec.js';
import type { Remote } from '../../../src/index.js';
import { rawExchange } from '../../helpers/rawHttp.js';
import { rejectionOf } from '../../helpers/rejections.js';

/** The far end of the chain: reports the deadline it was given. */
class Clock {
  public readonly ran: string[] = [];

  public remaining(): { header: string | undefined; remainingMs: number; unbounded: boolean } {
    this.ran.push('remaining');
    const remainingMs = currentCall()?.remainingMs() ?? -1;
    return {
      header: currentCall()?.metadata['spindle-timeout'],
      remainingMs: Number.isFinite(remainingMs) ? remainingMs : -1,
      unbounded: remainingMs === Infinity,
    };
  }

  /** A result that records being read: encoding it reads `size`. */
  public async late(ms: number): Promise<object> {
    this.ran.push('late');
    await new Promise((resolve) => setTimeout(resolve, ms));
    const ran = this.ran;
    return {
      get size(): number {
        ran.push('encoded');
        return 1;
      },
    };
  }
}

/** The middle of the chain: calls C with no deadline code of its own. */
class Relay {
  public constructor(private readonly next: Remote<Clock>) {}

  public async relay(): Promise<unknown> {
    const mine = currentCall()?.remainingMs() ?? -1;
    const there = await this.next.remaining();
    return { mine, there };
  }
}

function rawCall(path: string, method: string, timeout: string): Buffer {
  const body = encodeCall(method, []);
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSpindle-Timeout: ${timeout}\r\nContent-Length: ${body.length}\r\n\r\n`,
    ),
    body,
  ]);
}

describe('deadline propagation: Spindle-Timeout', () => {
  const clock = new Clock();
  let c: XmlRpcServiceExporter;
  let b: XmlRpcServiceExporter;
  let toC: Remote<Clock>;

  before(async () => {
    c = new XmlRpcServiceExporter({ service: clock, serviceName: 'Clock', servicePort: 0 });
    const cUrl = await c.start();
    // B's own client would wait 30 s: only A's deadline can make it shorter.
    toC = createProxy<Clock>(cUrl, { timeoutMs: 30_000 });
    b = new XmlRpcServiceExporter({ service: new Relay(toC), serviceName: 'Relay', servicePort: 0 });
    await b.start();
  });
  after(async () => {
    await invokerOf(toC).close();
    await b.close();
    await c.close();
  });
  beforeEach(() => {
    clock.ran.length = 0;
  });

  it('carries the shrinking deadline A → B → C without code in the services', async () => {
    const a = createProxy<Relay>(b.url!, { timeoutMs: 2000 });
    try {
      const { mine, there } = (await a.relay()) as {
        mine: number;
        there: { header: string; remainingMs: number };
      };
      assert.ok(mine > 0 && mine <= 2000, `B had ${mine} ms`);
      const sent = Number(there.header);
      assert.ok(sent > 0 && sent <= mine, `B sent Spindle-Timeout ${there.header}, having ${mine} ms`);
      assert.ok(there.remainingMs <= sent, `C had ${there.remainingMs} ms of ${sent}`);
    } finally {
      await invokerOf(a).close();
    }
  });

  it('a client without a served call sends its own timeout', async () => {
    const direct = createProxy<Clock>(c.url!, { timeoutMs: 1234 });
    try {
      const seen = await direct.remaining();
      assert.ok(Number(seen.header) <= 1234 && Number(seen.header) > 1000, `sent ${String(seen.header)}`);
    } finally {
      await invokerOf(direct).close();
    }
  });

  it('a pool sends what is left of its overall deadline', async () => {
    const pool = new HighAvailabilityProxy({ members: [c.url!], timeoutMs: 1500, discoverIdempotent: false });
    const pooled = createProxy<Clock>(pool);
    try {
      const seen = await pooled.remaining();
      assert.ok(Number(seen.header) <= 1500 && Number(seen.header) > 0, `sent ${String(seen.header)}`);
    } finally {
      await pool.close();
    }
  });

  it('refuses to start a call whose deadline has passed: fault -32001, not executed', async () => {
    const reply = await rawExchange(c.address!.port, rawCall('/Clock', 'remaining', '0'));
    assert.equal(reply.status, 200);
    const fault = (() => {
      try {
        decodeResponse(reply.body);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(fault instanceof Fault);
    assert.equal(fault.faultCode, -32001);
    assert.equal(fault.outcome, 'not-executed');
    assert.deepEqual(clock.ran, [], 'the method did not run');
  });

  it('ignores a Spindle-Timeout that is not 1 to 9 digits', async () => {
    const reply = await rawExchange(c.address!.port, rawCall('/Clock', 'remaining', '-5'));
    const result = decodeResponse(reply.body) as { unbounded: boolean };
    assert.equal(result.unbounded, true, 'no deadline: the method may take its time');
    assert.deepEqual(clock.ran, ['remaining']);
  });

  it('does not encode a result that comes after the caller stopped waiting', async () => {
    // The connection stays open past the deadline, so only the server's own check decides.
    const body = encodeCall('late', [300]);
    const request = Buffer.concat([
      Buffer.from(
        `POST /Clock HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSpindle-Timeout: 100\r\nContent-Length: ${body.length}\r\n\r\n`,
      ),
      body,
    ]);
    const reply = await rawExchange(c.address!.port, request, { timeoutMs: 10_000 });
    const error = await rejectionOf(Promise.resolve().then(() => decodeResponse(reply.body)));
    assert.ok(error instanceof Fault);
    assert.equal(error.faultCode, -32603);
    assert.equal(error.outcome, 'unknown', 'the method started: it may have run');
    // Wait (bounded) for the method to finish: its result must never be read for encoding.
    const until = Date.now() + 5000;
    while (!clock.ran.includes('late') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(clock.ran, ['late']);
  });
});
