import assert from 'node:assert/strict';

import { decodeResponse, Fault } from '../../src/codec/index.js';
import { assertNoLeak } from './assertNoLeak.js';
import { rawExchange } from '../helpers/rawHttp.js';
import type { RawReply } from '../helpers/rawHttp.js';
import { sleep } from './rawHttp.js';
import { recordFigures } from './recordFigures.js';
import { SERVER_ATTACKS } from './serverAttacks.js';
import type { ServerAttack } from './serverAttacks.js';
import { startTarget } from './targetExporter.js';
import type { Target } from './targetExporter.js';

/** Checks the reply against the row's expectation. */
function checkOutcome(attack: ServerAttack, reply: RawReply): void {
  const expect = attack.expect;
  const what = `${attack.id} ${attack.title}`;
  if ('status' in expect) {
    assert.equal(
      reply.status,
      expect.status,
      `${what}: status (body ${reply.body.toString().slice(0, 200)})`,
    );
    if (expect.closed === true) {
      assert.ok(reply.closed && !reply.timedOut, `${what}: the server must close the connection`);
    }
    for (const [name, value] of Object.entries(expect.headers ?? {})) {
      assert.equal(reply.headers[name], value, `${what}: header ${name}`);
    }
    return;
  }
  if ('dropped' in expect) {
    assert.ok(!reply.timedOut, `${what}: the server never dropped the slow client`);
    assert.ok(expect.dropped.statuses.includes(reply.status), `${what}: status ${reply.status}`);
    // Not before the configured timeout: the server enforces that timeout, not an accident.
    assert.ok(
      reply.elapsedMs >= expect.dropped.afterMs - 100,
      `${what}: dropped after ${reply.elapsedMs} ms, before the ${expect.dropped.afterMs} ms timeout`,
    );
    return;
  }
  if ('abandoned' in expect) {
    assert.equal(reply.status, 0, `${what}: nothing may be answered to a request never completed`);
    return;
  }
  assert.equal(reply.status, 200, `${what}: faults and values travel as HTTP 200`);
  assert.match(reply.headers['content-type'] ?? '', /^text\/xml/);
  if ('fault' in expect) {
    assert.throws(
      () => decodeResponse(reply.body),
      (error: unknown) => {
        assert.ok(error instanceof Fault, `${what}: expected a fault, got ${String(error)}`);
        assert.equal(error.faultCode, expect.fault, `${what}: ${error.faultString}`);
        if (expect.faultString !== undefined) assert.match(error.faultString, expect.faultString);
        return true;
      },
    );
    return;
  }
  expect.value(decodeResponse(reply.body));
}

describe('adversarial: every attack against a running exporter', function () {
  this.timeout(30_000);
  let target: Target;
  let passed = 0;

  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    recordFigures('adversarial-server', { attacks: SERVER_ATTACKS.length, passed });
    await target.close();
  });

  for (const attack of SERVER_ATTACKS) {
    it(`${attack.id} [${attack.layer}] ${attack.title}`, async function () {
      this.timeout((attack.timeoutMs ?? 10_000) + 15_000);
      target.service.calls.length = 0;
      const canaryBefore = target.canaryConnections();
      const expect = attack.expect;
      const waitForClose =
        'dropped' in expect || 'abandoned' in expect || ('status' in expect && expect.closed === true);
      const reply = await rawExchange(target.port, attack.plan({ canaryPort: target.canaryPort }), {
        timeoutMs: attack.timeoutMs ?? 10_000,
        waitForClose,
      });
      checkOutcome(attack, reply);
      if ('abandoned' in expect) await sleep(300); // give a (wrongly) dispatched call time to show
      assert.deepEqual(target.service.calls, [...(attack.calls ?? [])], 'the methods that ran');
      assert.equal(target.canaryConnections(), canaryBefore, 'nothing may be fetched on behalf of a request');
      assertNoLeak(reply.headers, reply.body, attack.id);
      assert.equal(await target.stillAnswers(), 5, 'the server answers the next call');
      passed += 1;
    });
  }

  it('D27: 500 requests pipelined on one keep-alive socket are all answered, in order', async function () {
    this.timeout(60_000);
    const body =
      '<?xml version="1.0"?><methodCall><methodName>add</methodName><params><param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>';
    const one = `POST /Target HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const count = 500;
    target.service.calls.length = 0;
    const last = `POST /Target HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const reply = await rawExchange(
      target.port,
      { parts: [{ data: one.repeat(count - 1) + last }] },
      { timeoutMs: 50_000, waitForClose: true },
    );
    assert.ok(!reply.timedOut, 'the server closed after the last pipelined request');
    const answered = reply.raw.toString('latin1').split('HTTP/1.1 200 OK\r\n').length - 1;
    assert.equal(answered, count, 'every pipelined request got its answer');
    assert.equal(target.service.calls.length, count);
    assert.equal(await target.stillAnswers(), 5);
  });
});
