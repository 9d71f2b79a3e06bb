import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';

import { decodeResponse } from '../../src/codec/index.js';
import { assertNoLeak } from './assertNoLeak.js';
import { rawExchange } from '../helpers/rawHttp.js';
import { callXml, multicallEntry, multicallXml, post, sleep } from './rawHttp.js';
import { recordFigures } from './recordFigures.js';
import { TARGET_LIMITS } from './serverAttacks.js';
import { startTarget } from './targetExporter.js';
import type { Target } from './targetExporter.js';

const PASSWORD = 's3cr3t-password';
const basic = (user: string, password: string): string =>
  `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A multicall of `n` add(1, 1) calls: one request carrying many calls (the WordPress amplification). */
const multicallOfAdds = (n: number): string =>
  multicallXml(Array.from({ length: n }, () => multicallEntry('add', '<int>1</int>', '<int>1</int>')));

/** Opens a connection and resolves once it is established (or failed). */
function open(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('close', () => {
      resolve(socket);
    });
  });
}

/** Resolves true when the server closes `socket` within `ms`, false if it stays open. */
function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve(false);
    }, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('adversarial: rate limits (S14, S15, S8)', function () {
  this.timeout(30_000);

  describe('Basic auth brute force, also through system.multicall', () => {
    let target: Target;
    before(async () => {
      target = await startTarget({
        auth: { users: { alice: PASSWORD }, allowInsecure: true },
        limits: { ...TARGET_LIMITS, maxAuthFailures: 3, authFailureWindowMs: 60_000, authLockoutMs: 5000 },
      });
    });
    after(async () => {
      await target.close();
    });

    it('S15: a request without credentials is 401 with WWW-Authenticate, runs nothing and is not counted', async () => {
      for (let i = 0; i < 5; i++) {
        const reply = await rawExchange(target.port, post(callXml('add', '<int>1</int>', '<int>1</int>')));
        assert.equal(reply.status, 401);
        assert.match(reply.headers['www-authenticate'] ?? '', /^Basic realm=/);
      }
      assert.deepEqual(target.service.calls, []);
    });

    it('S14/S15: each guess costs one attempt however many calls its multicall carries; the limit then locks the address out with 429', async () => {
      target.service.calls.length = 0;
      const guesses = ['123456', 'password', 'letmein'];
      for (const guess of guesses) {
        const reply = await rawExchange(
          target.port,
          post(multicallOfAdds(100), { headers: [basic('alice', guess)] }),
        );
        assert.equal(reply.status, 401, `guess ${guess}`);
        assertNoLeak(reply.headers, reply.body, 'auth failure');
      }
      // Locked out: even the right password is refused, unchecked, so guessing learns nothing.
      const locked = await rawExchange(
        target.port,
        post(multicallOfAdds(100), { headers: [basic('alice', PASSWORD)] }),
      );
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers['retry-after']) >= 1, 'Retry-After says when to come back');
      assert.deepEqual(target.service.calls, [], 'no inner call of any refused multicall ran');

      // Another client address is not locked out.
      const other = await rawExchange(
        target.port,
        post(callXml('add', '<int>2</int>', '<int>3</int>'), { headers: [basic('alice', PASSWORD)] }),
        {
          localAddress: '127.0.0.2',
        },
      );
      assert.equal(other.status, 200);
      assert.equal(decodeResponse(other.body), 5);

      // After the lockout, the right password works again and the multicall runs all its calls.
      // (5 s of lockout: the two checks above always fall inside it, even on a loaded machine.)
      await sleep(5100);
      const back = await rawExchange(
        target.port,
        post(multicallOfAdds(100), { headers: [basic('alice', PASSWORD)] }),
      );
      assert.equal(back.status, 200);
      assert.equal((decodeResponse(back.body) as unknown[]).length, 100);
      assert.equal(target.service.calls.filter((c) => c === 'add').length, 101);

      const logs = target.logger.lines.join('\n');
      assert.match(logs, /locked out/, 'the lockout shows in the server log');
      for (const secret of [PASSWORD, ...guesses, Buffer.from(`alice:${PASSWORD}`).toString('base64')]) {
        assert.ok(!logs.includes(secret), 'credentials are never logged');
      }
      recordFigures('rate-limits', { authGuessesBeforeLockout: guesses.length, innerCallsPerGuess: 100 });
    });
  });

  describe('connections per client address', () => {
    let target: Target;
    const sockets: Socket[] = [];
    before(async () => {
      // Long header timeouts: only the cap, never a timeout, may close a connection here.
      target = await startTarget({
        limits: {
          ...TARGET_LIMITS,
          headersTimeoutMs: 20_000,
          requestTimeoutMs: 20_000,
          maxConnectionsPerAddress: 4,
        },
      });
    });
    after(async () => {
      for (const socket of sockets) socket.destroy();
      await target.close();
    });

    it('S8: one address gets at most maxConnectionsPerAddress sockets; others and later ones still get in', async () => {
      for (let i = 0; i < 4; i++) sockets.push(await open(target.port));
      for (const socket of sockets)
        assert.equal(await closedWithin(socket, 200), false, 'the first 4 stay open');
      const fifth = await open(target.port);
      sockets.push(fifth);
      assert.equal(await closedWithin(fifth, 20_000), true, 'the 5th connection is dropped at accept');

      const fromOther = await rawExchange(target.port, post(callXml('add', '<int>2</int>', '<int>3</int>')), {
        localAddress: '127.0.0.2',
      });
      assert.equal(fromOther.status, 200, 'another address is not affected');

      sockets[0]?.destroy();
      // A freed slot is usable once the server has seen the close: polled, not slept on (a
      // loaded machine may take longer than any fixed pause).
      const add = post(callXml('add', '<int>2</int>', '<int>3</int>'));
      let again = await rawExchange(target.port, add);
      for (let i = 0; i < 200 && again.status !== 200; i++) {
        await sleep(50);
        again = await rawExchange(target.port, add);
      }
      assert.equal(again.status, 200, 'a freed slot can be used again');
      assert.equal(decodeResponse(again.body), 5);
      assert.match(target.logger.lines.join('\n'), /too many from one address/);
      recordFigures('rate-limits', { maxConnectionsPerAddress: 4, refusedAtAccept: true });
    });
  });
});
