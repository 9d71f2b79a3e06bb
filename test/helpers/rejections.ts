/**
 * What tests check about a failed call: the error it rejected with, and
 * whether that is a `TransportError` with the expected code and outcome.
 */
import assert from 'node:assert/strict';

import type { CallOutcome } from '../../src/rpc/TransportError.js';
import { TransportError } from '../../src/rpc/TransportError.js';

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Asserts `error` is a TransportError with this code and outcome (and a message matching `text`). */
export function assertTransportError(
  error: unknown,
  code: string,
  outcome: CallOutcome,
  text?: RegExp,
): TransportError {
  assert.ok(error instanceof TransportError, `expected a TransportError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.equal(error.outcome, outcome, error.message);
  if (text !== undefined) assert.match(error.message, text);
  return error;
}

/** For `assert.rejects`: a TransportError with this code and outcome. */
export function transportError(code: string, outcome: CallOutcome): (error: unknown) => boolean {
  return (error) => {
    assertTransportError(error, code, outcome);
    return true;
  };
}
