import assert from 'node:assert/strict';

import { ServiceDispatcher } from '../../../src/rpc/index.js';
import { XmlRpcServer } from '../../../src/transport/server/index.js';
import type { ServerLimits } from '../../../src/transport/server/index.js';

/** What untyped configuration hands over: text where a number belongs. */
const text = (value: string): number => value as unknown as number;

describe('server limits are checked when the server is made', () => {
  it('refuses a limit given as text, naming it (a string lockout would never end)', () => {
    assert.throws(() => new XmlRpcServer({ port: 0, limits: { authLockoutMs: text('60000') } }), {
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: /limits\.authLockoutMs must be a number >= 0, got "60000"/,
    });
  });

  it('refuses a negative or non-finite limit', () => {
    const bad: ServerLimits[] = [{ maxConnectionsPerAddress: -1 }, { maxAuthFailures: Number.NaN }];
    for (const limits of bad) {
      assert.throws(() => new XmlRpcServer({ port: 0, limits }), {
        code: 'SPINDLE_INVALID_ARGUMENT',
        message: new RegExp(`limits\\.${Object.keys(limits)[0] ?? ''} must be a number`),
      });
    }
  });

  it('accepts numbers, 0 included (0 disables the per-address caps)', async () => {
    const server = new XmlRpcServer({
      port: 0,
      limits: { maxConnectionsPerAddress: 0, maxAuthFailures: 0, authLockoutMs: 1000 },
    });
    await server.listen();
    await server.close();
  });

  it('refuses a decode limit given as text in a dispatcher, naming it', () => {
    assert.throws(() => new ServiceDispatcher({ decodeLimits: { maxDepth: text('32') } }), {
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: /decodeLimits\.maxDepth must be a number >= 0, got "32"/,
    });
  });
});
