import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApplicationContext, ClassRegistry } from '../../src/index.js';
import type { ContainerError, ContextError } from '../../src/index.js';
import { context, inner, lit, object } from './definitions.js';

class Pair {
  public constructor(
    public readonly x: unknown,
    public readonly y: unknown,
    public readonly extra?: unknown,
  ) {}
}

const classes = new ClassRegistry().registerClass('Pair', Pair, { argNames: ['x', 'y'] });

/** The rejection of `promise`, which must reject. */
async function rejection<T>(promise: Promise<unknown>): Promise<T> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (error: unknown) => error as T,
  );
}

describe('wiring errors and inheritance of hand-built definitions', () => {
  it('names the object in every line of a wiring error, as ContextError does', async () => {
    const error = await rejection<ContainerError>(
      ApplicationContext.fromDefinition(
        context(
          object('exporter', 'XmlRpcServiceExporter', {
            properties: { servicPort: lit('1'), servicePort: lit('seven') },
          }),
        ),
      ),
    );
    assert.equal(error.code, 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY');
    assert.deepEqual(error.message.split('\n'), [
      'the context cannot be wired:',
      ":1:1: [exporter] XmlRpcServiceExporter has no property 'servicPort' (did you mean 'servicePort', 'service_port' or 'serviceHost'?)",
      ":1:1: [exporter] property 'servicePort': 'seven' is not an integer",
      ":1:1: [exporter] XmlRpcServiceExporter needs the property 'service': the object whose methods are served (a ref or an inner object)",
    ]);
  });

  it('flattens a parent chain with the readers’ rules: a positional arg overrides the parent’s by position among positionals', async () => {
    const ctx = await ApplicationContext.fromDefinition(
      context(
        object('template', 'Pair', {
          abstract: true,
          args: [{ value: lit('px'), name: 'x' }, lit('parent-y')],
        }),
        object('child', undefined, { parent: 'template', args: [lit('child-y')] }),
      ),
      { classes },
    );
    const child = ctx.get<Pair>('child');
    assert.deepEqual([child.x, child.y, child.extra], ['px', 'child-y', undefined]);
    await ctx.close();
  });

  it('rejects a parent that names no object with a ContextError, as readContext does', async () => {
    const error = await rejection<ContextError>(
      ApplicationContext.fromDefinition(
        context(
          object('template', 'Pair', { abstract: true }),
          object('child', undefined, { parent: 'templat' }),
        ),
        { classes },
      ),
    );
    assert.equal(error.code, 'SPINDLE_CONTEXT_INVALID');
    assert.deepEqual(error.message.split('\n'), [
      'invalid context (1 problem):',
      ":1:1: [child] parent 'templat' is not defined (did you mean 'template'?)",
    ]);
  });

  it('sees that the default service also answers /RPC2, so an exporter named RPC2 on its port conflicts', async () => {
    const exporter = (id: string, name?: string) =>
      object(id, 'XmlRpcServiceExporter', {
        properties: {
          service: inner(object(`${id}.service`, 'Pair')),
          servicePort: lit('7200'),
          ...(name === undefined ? {} : { serviceName: lit(name) }),
        },
      });
    const error = await rejection<ContainerError>(
      ApplicationContext.fromDefinition(context(exporter('main'), exporter('legacy', 'RPC2')), { classes }),
    );
    assert.equal(error.code, 'SPINDLE_CONTAINER_PORT_CONFLICT');
    assert.deepEqual(error.message.split('\n'), [
      'the context cannot be wired:',
      ":1:1: [legacy] serves 127.0.0.1:7200/RPC2, which 'main' (:1:1) already serves",
    ]);
  });

  describe('built-ins given lifecycle attributes or positional arguments', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'spindle-builtin-misuse-'));
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses to load, naming each with its location and id', async () => {
      const file = join(dir, 'context.xml');
      writeFileSync(
        file,
        `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="proxy" class="XmlRpcProxyFactory" init-method="connect">
    <constructor-arg value="http://127.0.0.1:1/S"/>
  </object>
</objects>
`,
      );
      const error = await rejection<ContainerError>(ApplicationContext.load(file));
      assert.deepEqual(
        error.problems.map((problem) => [problem.code, problem.location.line, problem.objectId]),
        [
          ['SPINDLE_CONTAINER_LIFECYCLE_METHOD', 2, 'proxy'],
          ['SPINDLE_CONTAINER_MISSING_PROPERTY', 2, 'proxy'],
          ['SPINDLE_CONTAINER_ARGUMENT', 3, 'proxy'],
        ],
      );
      assert.match(
        error.message,
        /context\.xml:2:3: \[proxy\] XmlRpcProxyFactory takes no init-method \('connect'\)/,
      );
    });
  });
});
