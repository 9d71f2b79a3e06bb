import assert from 'node:assert/strict';
import { createServer } from 'node:net';

import { ApplicationContext, ClassRegistry, XmlRpcServiceExporter } from '../../src/index.js';
import type { ContainerError } from '../../src/index.js';
import { context, dict, lit, object, ref } from './definitions.js';
import { freePort, isListening } from '../helpers/ports.js';

class Service {
  public getData(param: string): string {
    return `You got remote data => ${param}`;
  }
}

const classes = new ClassRegistry().registerClass('Service', Service);

interface RemoteService {
  getData(param: string): Promise<string>;
  system: { multicall(calls: unknown[]): Promise<unknown> };
}

function exporter(
  id: string,
  port: number | string,
  extra: Record<string, ReturnType<typeof lit>> = {},
  lazyInit = false,
) {
  return object(id, 'XmlRpcServiceExporter', {
    lazyInit,
    properties: {
      service: ref('remoteService'),
      service_name: lit('ServiceName'),
      service_port: lit(String(port)),
      ...extra,
    },
  });
}

describe('built-in classes in a context (real exporter and proxy on loopback)', () => {
  let ctx: ApplicationContext | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  it('exports a local object and hands out the proxy, converting text values (port, "false")', async () => {
    const port = await freePort();
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('remoteService', 'Service'),
        exporter('service_exporter', port, { multicall: lit('false') }),
        object('service', 'XmlRpcProxyFactory', {
          properties: {
            service_url: lit(`http://127.0.0.1:${String(port)}/ServiceName`),
            timeoutMs: lit('5000'),
          },
        }),
      ),
      { classes },
    );
    const exported = ctx.get<XmlRpcServiceExporter>('service_exporter');
    assert.ok(exported instanceof XmlRpcServiceExporter);
    assert.equal(exported.url, `http://127.0.0.1:${String(port)}/ServiceName`);
    const service = ctx.get<RemoteService>('service');
    assert.equal(await service.getData('Hello'), 'You got remote data => Hello');
    await assert.rejects(service.system.multicall([]), { faultCode: -32601 });
    await ctx.close();
    assert.equal(await isListening(port), false);
  });

  it('fails the load when an exporter cannot listen, and closes the exporter that had started', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const free = await freePort();
    try {
      await assert.rejects(
        ApplicationContext.fromDefinition(
          context(object('remoteService', 'Service'), exporter('first', free), exporter('second', taken)),
          { classes },
        ),
        (error: ContainerError) => {
          assert.equal(error.code, 'SPINDLE_CONTAINER_INIT_FAILED');
          assert.equal(error.objectId, 'second');
          assert.match(error.message, /EADDRINUSE/);
          return true;
        },
      );
      assert.equal(await isListening(free), false);
    } finally {
      await new Promise<void>((resolve) =>
        blocker.close(() => {
          resolve();
        }),
      );
    }
  });

  it('starts a lazy exporter on first getAsync only', async () => {
    const port = await freePort();
    ctx = await ApplicationContext.fromDefinition(
      context(object('remoteService', 'Service'), exporter('lazy', port, {}, true)),
      {
        classes,
      },
    );
    assert.equal(await isListening(port), false);
    assert.throws(() => ctx?.get('lazy'), { code: 'SPINDLE_CONTAINER_ASYNC_OBJECT' });
    const started = await ctx.getAsync<XmlRpcServiceExporter>('lazy');
    assert.equal(started.url, `http://127.0.0.1:${String(port)}/ServiceName`);
    assert.equal(await isListening(port), true);
  });

  it('converts the fields of a dict option by their declared type', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(
        context(
          object('remoteService', 'Service'),
          exporter('e', 0, { limits: dict({ maxConnections: lit('many') }) }),
        ),
        { classes },
      ),
      {
        code: 'SPINDLE_CONTAINER_VALUE_TYPE',
        message: /property 'limits\.maxConnections': 'many' is not an integer/,
      },
    );
  });
});
