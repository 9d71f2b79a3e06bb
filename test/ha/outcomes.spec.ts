import assert from 'node:assert/strict';

import type { PoolAttempt } from '../../src/ha/index.js';
import { HighAvailabilityProxy, OutcomeUnknownError } from '../../src/ha/index.js';
import { closedPort } from '../helpers/ports.js';
import type { TestServer } from '../helpers/rawServer.js';
import { readRequest, startNetServer } from '../helpers/rawServer.js';
import { rejectionOf } from '../helpers/rejections.js';

/**
 * A member that runs every call it reads (counting it by method name), then
 * loses the connection before answering: the caller cannot know it ran.
 */
async function runsThenDies(): Promise<TestServer & { executed: string[] }> {
  const executed: string[] = [];
  const server = await startNetServer((socket) => {
    void readRequest(socket).then((request) => {
      executed.push(/<methodName>([^<]*)<\/methodName>/.exec(request)?.[1] ?? '?');
      socket.resetAndDestroy();
    });
  });
  return { ...server, executed };
}

/** Each attempt as [member, outcome, code]. */
function summary(attempts: readonly PoolAttempt[]): [string, string, string][] {
  return attempts.map((attempt) => [attempt.member, attempt.outcome, attempt.cause.code]);
}

describe('HighAvailabilityProxy: the outcome is the most cautious of all attempts', function () {
  this.timeout(20_000);
  const servers: TestServer[] = [];
  const pools: HighAvailabilityProxy[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  function pool(options: ConstructorParameters<typeof HighAvailabilityProxy>[0]): HighAvailabilityProxy {
    // No capability discovery and no probe during a test: the members' counters see only the calls under test.
    const made = new HighAvailabilityProxy({
      discoverIdempotent: false,
      timeoutMs: 5000,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      ...options,
    });
    pools.push(made);
    return made;
  }

  it('an idempotent call that ran on member 1, then was refused by members 2 and 3, is "outcome unknown"', async () => {
    const first = await runsThenDies();
    servers.push(first);
    const [second, third] = [
      `http://127.0.0.1:${await closedPort()}/RPC2`,
      `http://127.0.0.1:${await closedPort()}/RPC2`,
    ];
    const p = pool({ members: [first.url, second, third], idempotent: ['work'] });
    const error = await rejectionOf(p.invoke('work', []));
    assert.deepEqual(first.executed, ['work'], 'it ran on member 1');
    assert.ok(error instanceof OutcomeUnknownError, String(error));
    assert.equal(error.code, 'SPINDLE_HA_OUTCOME_UNKNOWN');
    assert.equal(error.outcome, 'unknown');
    assert.equal(error.recoverable, false);
    assert.equal(error.member, first.url, 'names where it may have run');
    assert.deepEqual(summary(error.attempts), [
      [first.url, 'unknown', 'SPINDLE_CLIENT_CONNECTION_LOST'],
      [second, 'not-executed', 'SPINDLE_CLIENT_CONNECT_FAILED'],
      [third, 'not-executed', 'SPINDLE_CLIENT_CONNECT_FAILED'],
    ]);
    assert.match(error.message, /^outcome of work unknown: it may have run on member \S+; attempts: 1\. /);
    assert.match(error.message, /3\. \S+ \(not-executed: cannot connect/, 'the message shows every attempt');
  });

  it('a call that ran and was lost when the whole pool then went down is "outcome unknown", not "no member"', async () => {
    const first = await runsThenDies();
    servers.push(first);
    const second = `http://127.0.0.1:${await closedPort()}/RPC2`;
    // Ejected after one failure: both members are out of rotation once the call gives up.
    const p = pool({
      members: [first.url, second],
      idempotent: ['work'],
      ejection: { consecutiveFailures: 1, maxEjectedShare: 1 },
    });
    const error = await rejectionOf(p.invoke('work', []));
    assert.deepEqual(first.executed, ['work']);
    assert.ok(error instanceof OutcomeUnknownError, String(error));
    assert.equal(error.outcome, 'unknown');
    assert.deepEqual(
      p.stats().map((member) => member.state),
      ['ejected', 'ejected'],
      'the pool is down',
    );
    assert.deepEqual(summary(error.attempts), [
      [first.url, 'unknown', 'SPINDLE_CLIENT_CONNECTION_LOST'],
      [second, 'not-executed', 'SPINDLE_CLIENT_CONNECT_FAILED'],
    ]);
    // With nothing run anywhere, the same pool says so: not executed, no member.
    const next = await rejectionOf(p.invoke('work', []));
    assert.equal((next as { code?: string }).code, 'SPINDLE_HA_NO_AVAILABLE_MEMBER');
    assert.deepEqual(first.executed, ['work']);
  });

  it('a call not declared idempotent stops where it may have run, after the members that refused it', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const [first, second] = [await runsThenDies(), await runsThenDies()];
    servers.push(first, second);
    const p = pool({ members: [down, first.url, second.url] });
    const error = await rejectionOf(p.invoke('transfer', []));
    assert.ok(error instanceof OutcomeUnknownError, String(error));
    assert.equal(error.member, first.url);
    assert.deepEqual(summary(error.attempts), [
      [down, 'not-executed', 'SPINDLE_CLIENT_CONNECT_FAILED'],
      [first.url, 'unknown', 'SPINDLE_CLIENT_CONNECTION_LOST'],
    ]);
    assert.deepEqual([first.executed, second.executed], [['transfer'], []], 'never sent twice');
  });
});
