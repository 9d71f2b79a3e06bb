import assert from 'node:assert/strict';

import { ApplicationContext, ClassRegistry } from '../../src/index.js';
import { XmlRpcServiceExporter } from '../../src/exporter/index.js';
import type { ExporterLimits } from '../../src/exporter/index.js';
import { context, dict, lit, object, ref } from '../container/definitions.js';

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

  it('refuses maxResponseBytes given as text, negative or zero, naming it', () => {
    assert.throws(
      () =>
        new XmlRpcServiceExporter({ service: new Echo(), limits: asLimits({ maxResponseBytes: '1048576' }) }),
      {
        code: 'SPINDLE_INVALID_ARGUMENT',
        message: /limits\.maxResponseBytes must be a number >= 0, got "1048576"/,
      },
    );
    assert.throws(
      () => new XmlRpcServiceExporter({ service: new Echo(), limits: { maxResponseBytes: -1 } }),
      {
        code: 'SPINDLE_INVALID_ARGUMENT',
        message: /limits\.maxResponseBytes/,
      },
    );
    assert.throws(() => new XmlRpcServiceExporter({ service: new Echo(), limits: { maxResponseBytes: 0 } }), {
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: /maxResponseBytes must be a positive integer/,
    });
  });

  it('takes maxResponseBytes from a context file as a number and answers past it with a fault naming it', async () => {
    const ctx = await ApplicationContext.fromDefinition(
      context(
        object('echo', 'Echo'),
        object('exporter', 'XmlRpcServiceExporter', {
          properties: {
            service: ref('echo'),
            servicePort: lit('0'),
            limits: dict({ maxResponseBytes: lit('4096') }),
          },
        }),
      ),
      { classes: new ClassRegistry().registerClass('Echo', Echo) },
    );
    try {
      const exporter = ctx.get<XmlRpcServiceExporter>('exporter');
      assert.equal(exporter.dispatcher.maxResponseBytes, 4096);
      const big = `<?xml version="1.0"?><methodCall><methodName>echo</methodName><params><param><value>${'x'.repeat(5000)}</value></param></params></methodCall>`;
      const response = await fetch(exporter.url ?? '', {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: big,
      });
      assert.match(await response.text(), /maxResponseBytes \(4096 bytes\)/);
    } finally {
      await ctx.close();
    }
  });

  it('refuses a call limit given as text', () => {
    assert.throws(
      () => new XmlRpcServiceExporter({ service: new Echo(), limits: asLimits({ callTimeoutMs: '100' }) }),
      { code: 'SPINDLE_INVALID_ARGUMENT', message: /limits\.callTimeoutMs/ },
    );
  });
});
