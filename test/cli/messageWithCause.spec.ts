import assert from 'node:assert/strict';

import { messageWithCause } from '../../src/cli/messageWithCause.js';

describe('messageWithCause: an error as one stderr line', () => {
  it('adds the cause when the message does not say it, and keeps everything on one line', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:2379');
    assert.equal(
      messageWithCause(new Error('cannot register /x in etcd', { cause })),
      'cannot register /x in etcd: connect ECONNREFUSED 127.0.0.1:2379',
    );
    assert.equal(
      messageWithCause(new Error(`already says ${cause.message}`, { cause })),
      `already says ${cause.message}`,
    );
    assert.equal(
      messageWithCause(new Error('14 UNAVAILABLE: No connection established\n  Last error: refused\n')),
      '14 UNAVAILABLE: No connection established; Last error: refused',
    );
    assert.equal(messageWithCause('plain'), 'plain');
  });
});
