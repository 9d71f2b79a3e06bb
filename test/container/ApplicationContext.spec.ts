import assert from 'node:assert/strict';

import { Container, inject, injectable } from 'inversify';

import { ApplicationContext, ClassRegistry, ContainerError } from '../../src/index.js';
import type { ClassDescriptor } from '../../src/index.js';
import { context, dict, inner, list, lit, nul, object, props, ref, set } from './definitions.js';

/** Every lifecycle call, in order, shared by the classes below. */
let events: string[] = [];

class Repository {
  public url = '';
  public afterPropertiesSet(): void {
    events.push(`repository.afterPropertiesSet(${this.url})`);
  }
  public destroy(): void {
    events.push('repository.destroy');
  }
}

class Service {
  public repository: Repository | undefined;
  public context: unknown;
  public constructor(public readonly prefix = 'You got remote data => ') {}
  public getData(param: string): string {
    return `${this.prefix}${param}`;
  }
  public setApplicationContext(ctx: unknown): void {
    this.context = ctx;
    events.push('service.setApplicationContext');
  }
  public async afterPropertiesSet(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    events.push(`service.afterPropertiesSet(${String(this.repository !== undefined)})`);
  }
  public async destroy(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    events.push('service.destroy');
  }
}

class Bag {
  public values: Record<string, unknown> = {};
  public constructor(...args: unknown[]) {
    this.values['args'] = args;
  }
}

class Worker {
  public started = 0;
  public start(): void {
    this.started++;
    events.push('worker.start');
  }
  public stop(): void {
    events.push('worker.stop');
  }
  public static create(name: string): Worker {
    const worker = new Worker();
    events.push(`Worker.create(${name})`);
    return worker;
  }
}

class Failing {
  public async afterPropertiesSet(): Promise<void> {
    await Promise.resolve();
    throw new Error('disk on fire');
  }
}

const classes = new ClassRegistry()
  .registerClass('Repository', Repository)
  .registerClass('Service', Service)
  .registerClass('Bag', Bag, { argNames: ['first', 'second', 'third'] })
  .registerClass('Worker', Worker)
  .registerClass('Failing', Failing);

describe('ApplicationContext (from definitions)', () => {
  let ctx: ApplicationContext | undefined;
  beforeEach(() => {
    events = [];
  });
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  it('creates singletons eagerly, once, and runs the lifecycle in order', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('repository', 'Repository', { properties: { url: lit('db://x') } }),
        object('service', 'Service', { properties: { repository: ref('repository') } }),
      ),
      { classes },
    );
    assert.deepEqual(events, [
      'repository.afterPropertiesSet(db://x)',
      'service.setApplicationContext',
      'service.afterPropertiesSet(true)',
    ]);
    const service = ctx.get<Service>('service');
    assert.equal(service.getData('Hello'), 'You got remote data => Hello');
    assert.equal(ctx.get('service'), service);
    assert.equal(service.repository, ctx.get('repository'));
    assert.equal(service.context, ctx);
  });

  it('destroys in reverse dependency order, awaiting each, and close() twice is safe', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('service', 'Service', { properties: { repository: ref('repository') } }),
        object('repository', 'Repository'),
      ),
      { classes },
    );
    events = [];
    await ctx.close();
    await ctx.close();
    assert.deepEqual(events, ['service.destroy', 'repository.destroy']);
    assert.throws(() => ctx?.get('service'), { code: 'SPINDLE_CLOSED' });
  });

  it('creates a prototype on every get, and a lazy singleton on first get', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('proto', 'Repository', { scope: 'prototype' }),
        object('lazy', 'Worker', { lazyInit: true, initMethod: 'start' }),
      ),
      { classes },
    );
    assert.equal(events.length, 0);
    assert.notEqual(ctx.get('proto'), ctx.get('proto'));
    assert.equal(events.filter((e) => e.startsWith('repository.after')).length, 2);
    const worker = ctx.get<Worker>('lazy');
    assert.equal(ctx.get('lazy'), worker);
    assert.equal(worker.started, 1);
  });

  it('runs init-method and destroy-method, and factory-method with arguments', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('worker', 'Worker', {
          factoryMethod: 'create',
          args: [lit('w1')],
          initMethod: 'start',
          destroyMethod: 'stop',
        }),
      ),
      { classes },
    );
    assert.ok(ctx.get('worker') instanceof Worker);
    await ctx.close();
    assert.deepEqual(events, ['Worker.create(w1)', 'worker.start', 'worker.stop']);
  });

  it('rejects an init-method or factory-method the class does not define', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(context(object('w', 'Worker', { initMethod: 'begin' })), { classes }),
      {
        code: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
        message: /class Worker defines no method 'begin' \(init-method\)/,
      },
    );
    await assert.rejects(
      ApplicationContext.fromDefinition(context(object('w', 'Worker', { factoryMethod: 'make' })), {
        classes,
      }),
      { code: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD', message: /no static method 'make'/ },
    );
  });

  it('destroys every object at close even when one destroy fails, then reports it', async () => {
    class Broken {
      public destroy(): void {
        throw new Error('stuck');
      }
    }
    ctx = await ApplicationContext.fromDefinition(
      context(object('repository', 'Repository'), object('broken', 'Broken', { dependsOn: ['repository'] })),
      { classes: ClassRegistry.merge(classes).registerClass('Broken', Broken) },
    );
    await assert.rejects(ctx.close(), { code: 'SPINDLE_CONTAINER_DESTROY_FAILED', message: /stuck/ });
    assert.ok(events.includes('repository.destroy'));
  });

  it('creates depends-on objects first and destroys them last', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('worker', 'Worker', { dependsOn: ['repository'], initMethod: 'start', destroyMethod: 'stop' }),
        object('repository', 'Repository'),
      ),
      { classes },
    );
    await ctx.close();
    assert.deepEqual(events, [
      'repository.afterPropertiesSet()',
      'worker.start',
      'worker.stop',
      'repository.destroy',
    ]);
  });

  it('places constructor args by position, index and registered name', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('bag', 'Bag', {
          args: [{ value: lit('c'), name: 'third' }, { value: lit('a'), index: 0 }, lit('b')],
        }),
      ),
      { classes },
    );
    assert.deepEqual(ctx.get<Bag>('bag').values['args'], ['a', 'b', 'c']);
  });

  it('rejects a constructor-arg name the class was not registered with', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(
        context(object('s', 'Service', { args: [{ value: lit('x'), name: 'prefix' }] })),
        {
          classes,
        },
      ),
      (error: ContainerError) =>
        error.code === 'SPINDLE_CONTAINER_ARGUMENT' && /registered without argNames/.test(error.message),
    );
  });

  it('builds every value kind: typed literals, refs, inner objects, list, set, dict, props, null', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('repository', 'Repository'),
        object('bag', 'Bag', {
          properties: {
            text: lit('7000'),
            port: lit('7000', 'int'),
            ratio: lit('0.5', 'double'),
            flag: lit('false', 'boolean'),
            yamlNumber: lit(42),
            items: list(lit('a'), ref('repository')),
            unique: set(lit('x'), lit('x'), lit('y')),
            map: dict({ k: lit('v'), n: nul }),
            settings: props({ a: '1' }),
            nothing: nul,
            innerOne: inner(object('bag.inner', 'Repository', { properties: { url: lit('inner') } })),
          },
        }),
      ),
      { classes },
    );
    const bag = ctx.get<Bag & Record<string, unknown>>('bag');
    assert.equal(bag['text'], '7000');
    assert.equal(bag['port'], 7000);
    assert.equal(bag['ratio'], 0.5);
    assert.equal(bag['flag'], false);
    assert.equal(bag['yamlNumber'], 42);
    assert.deepEqual(bag['items'], ['a', ctx.get('repository')]);
    assert.deepEqual(bag['unique'], new Set(['x', 'y']));
    assert.deepEqual(bag['map'], { k: 'v', n: null });
    assert.deepEqual(bag['settings'], { a: '1' });
    assert.equal(bag['nothing'], null);
    assert.ok(bag['innerOne'] instanceof Repository);
    assert.equal(bag['innerOne'].url, 'inner');
  });

  it('rejects a literal that does not convert to its declared type', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(
        context(object('bag', 'Bag', { properties: { port: lit('seven', 'int') } })),
        { classes },
      ),
      { code: 'SPINDLE_CONTAINER_VALUE_TYPE', message: /'bag' property 'port': 'seven' is not an integer/ },
    );
  });

  it('inherits class, properties and lifecycle from a parent; never creates an abstract one', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('template', 'Repository', {
          abstract: true,
          properties: { url: lit('db://parent'), extra: lit('kept') },
        }),
        object('child', undefined, { parent: 'template', properties: { url: lit('db://child') } }),
      ),
      { classes },
    );
    const child = ctx.get<Repository & Record<string, unknown>>('child');
    assert.ok(child instanceof Repository);
    assert.equal(child.url, 'db://child');
    assert.equal(child['extra'], 'kept');
    assert.throws(() => ctx?.get('template'), { code: 'SPINDLE_CONTAINER_ABSTRACT' });
  });

  it('names the closest ids for an unknown id, and for a dangling ref', async () => {
    ctx = await ApplicationContext.fromDefinition(
      context(object('service', 'Service'), object('remoteService', 'Service')),
      {
        classes,
      },
    );
    assert.throws(() => ctx?.get('servce'), {
      code: 'SPINDLE_CONTAINER_UNKNOWN_OBJECT',
      message: "no object 'servce' (did you mean 'service'?)",
    });
    assert.equal(ctx.has('service'), true);
    assert.equal(ctx.has('servce'), false);
    assert.deepEqual([...ctx.definitions().keys()], ['service', 'remoteService']);
  });

  it('prints the whole reference cycle', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(
        context(
          object('a', 'Bag', { properties: { b: ref('b') } }),
          object('b', 'Bag', { properties: { c: ref('c') } }),
          object('c', 'Bag', { properties: { a: ref('a') } }),
        ),
        { classes },
      ),
      { code: 'SPINDLE_CONTAINER_CYCLE', message: 'reference cycle: a → b → c → a' },
    );
  });

  it('reports every unknown class at once, with suggestions', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(context(object('a', 'Servce'), object('b', 'Repostory')), {
        classes,
      }),
      (error: ContainerError) => {
        assert.equal(error.problems.length, 2);
        assert.match(error.problems[0]!.message, /unknown class 'Servce' \(did you mean 'Service'\?\)/);
        assert.match(error.problems[1]!.message, /did you mean 'Repository'/);
        return true;
      },
    );
  });

  it('fails to load when an async init fails, destroying what was created', async () => {
    await assert.rejects(
      ApplicationContext.fromDefinition(
        context(object('repository', 'Repository'), object('failing', 'Failing')),
        { classes },
      ),
      (error: ContainerError) => {
        assert.equal(error.code, 'SPINDLE_CONTAINER_INIT_FAILED');
        assert.equal(error.objectId, 'failing');
        assert.match(error.message, /cannot create 'failing' .*: disk on fire/);
        assert.equal((error.cause as Error).message, 'disk on fire');
        return true;
      },
    );
    assert.deepEqual(events, ['repository.afterPropertiesSet()', 'repository.destroy']);
  });

  it('asks for getAsync when a synchronous get reaches an async creation', async () => {
    ctx = await ApplicationContext.fromDefinition(context(object('lazy', 'Service', { lazyInit: true })), {
      classes,
    });
    assert.throws(() => ctx?.get('lazy'), {
      code: 'SPINDLE_CONTAINER_ASYNC_OBJECT',
      message: /getAsync\('lazy'\)/,
    });
    const service = await ctx.getAsync<Service>('lazy');
    assert.equal(ctx.get('lazy'), service);
  });

  it('never probes a proxy for lifecycle methods (a remote proxy answers any name)', async () => {
    const touched: PropertyKey[] = [];
    const remote = new Proxy(
      {},
      {
        // As a real remote proxy: never a thenable, any other name is a remote method.
        get: (_target, name) => {
          if (name === 'then') return undefined;
          touched.push(name);
          return () => 'remote answer';
        },
      },
    );
    const descriptor: ClassDescriptor<{ proxy: object }> = {
      name: 'FakeProxyFactory',
      properties: {},
      create: () => ({ proxy: remote }),
      expose: (factory) => factory.proxy,
    };
    class Gateway {
      public static make(): object {
        return remote;
      }
    }
    const registry = ClassRegistry.merge(classes)
      .registerDescriptor(descriptor)
      .registerClass('Gateway', Gateway);
    ctx = await ApplicationContext.fromDefinition(
      context(object('service', 'FakeProxyFactory'), object('gateway', 'Gateway', { factoryMethod: 'make' })),
      { classes: registry },
    );
    assert.equal(ctx.get('service'), remote);
    assert.equal(ctx.get('gateway'), remote);
    await ctx.close();
    assert.deepEqual(touched, []);
  });

  it('rejects an unknown property of a built-in, with a suggestion', async () => {
    const descriptor: ClassDescriptor = {
      name: 'Thing',
      properties: { servicePort: 'integer' },
      aliases: { service_port: 'servicePort' },
      create: (options) => ({ ...options }),
    };
    const registry = new ClassRegistry().registerDescriptor(descriptor);
    await assert.rejects(
      ApplicationContext.fromDefinition(
        context(object('t', 'Thing', { properties: { servicPort: lit('1') } })),
        { classes: registry },
      ),
      {
        code: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
        message: /Thing has no property 'servicPort' \(did you mean 'servicePort'/,
      },
    );
    ctx = await ApplicationContext.fromDefinition(
      context(object('t', 'Thing', { properties: { service_port: lit('7000') } })),
      {
        classes: registry,
      },
    );
    assert.deepEqual(ctx.get('t'), { servicePort: 7000 });
  });
});

describe('ApplicationContext with inversify', () => {
  @injectable()
  class Greeter {
    public constructor(
      @inject('service') public readonly service: Service,
      @inject('greeting') public readonly greeting: string,
    ) {}
    public greet(): string {
      return `${this.greeting}: ${this.service.getData('Hello')}`;
    }
  }

  it('fills @inject of a decorated class named in a definition, from file and code-first bindings', async () => {
    const container = new Container();
    container.bind('greeting').toConstantValue('Greetings');
    const ctx = await ApplicationContext.fromDefinition(
      context(
        object('greeter', 'Greeter'),
        object('service', 'Service', { lazyInit: true, scope: 'prototype' }),
      ),
      {
        classes: ClassRegistry.merge(classes).registerClass('Greeter', Greeter),
        container,
      },
    );
    try {
      // Service's afterPropertiesSet is async: the decorated class still gets it, through getAsync.
      const greeter = await ctx.getAsync<Greeter>('greeter');
      assert.equal(greeter.greet(), 'Greetings: You got remote data => Hello');
      assert.equal(ctx.container, container);
      assert.equal(ctx.has('greeting'), true);
      assert.equal(ctx.get('greeting'), 'Greetings');
      assert.equal(await ctx.container.getAsync('greeter'), greeter);
    } finally {
      await ctx.close();
    }
  });
});
