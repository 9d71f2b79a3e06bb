import assert from 'node:assert/strict';

import { XmlRpcServiceExporter } from '../../src/exporter/index.js';
import type { ExporterLimits } from '../../src/exporter/index.js';

class Echo {
  public echo(value: unknown): unknown {
    return value;
  }
}

/** Limits as untyped configuration would give them: text where numbers belong. */
const asLimits = (limits: Record<string, unknown>): ExporterLimits => limits;

describe('XmlRpcServiceExporter limits', () => {
  it('refuses a server limit given as text when created, not when it starts, naming it', () => {
    assert.throws(
      () => new XmlRpcServiceExporter({ service: new Echo(), limits: asLimits({ maxAuthFailures: '5' }) }),
      { code: 'SPINDLE_INVALID_ARGUMENT', message: /limits\.maxAuthFailures must be a number >= 0, got "5"/ },
    );
  });

  it('refuses a decode limit given as text, naming it under limits.decode', () => {
    assert.throws(
      () =>
        new XmlRpcServiceExporter({ service: new Echo(), limits: asLimits({ decode: { maxDepth: '32' } }) }),
      { code: 'SPINDLE_INVALID_ARGUMENT', message: /limits\.decode\.maxDepth must be a number >= 0/ },
    );
  });

  it('refuses a call limit given as text', () => {
    assert.throws(
      () => new XmlRpcServiceExporter({ service: new Echo(), limits: asLimits({ callTimeoutMs: '100' }) }),
      { code: 'SPINDLE_INVALID_ARGUMENT', message: /limits\.callTimeoutMs/ },
    );
  });
});
