import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  ApplicationContext,
  ClassRegistry,
  createProxy,
  invokerOf,
  MultiCall,
  XmlRpcDateTime,
  XmlRpcServiceExporter,
} from '../../src/index.js';
import type { Remote, XmlRpcServiceExporterOptions } from '../../src/index.js';
import { freePort } from '../helpers/ports.js';
import { rawExchange } from '../helpers/rawHttp.js';

/** An ordinary class, written as for local use: it records what its methods received. */
class Ledger {
  public received: unknown[] = [];

  public touch(): void {
    this.received = ['touched'];
  }
  public find(id: number): { id: number } | null {
    return id === 1 ? { id } : null;
  }
  public greet(name = 'world', punctuation = '!'): string {
    return `hello ${name}${punctuation}`;
  }
  public record(...values: unknown[]): number {
    this.received = values;
    return values.length;
  }
  public echo<T>(value: T): T {
    return value;
  }
  public lookups(ids: number[]): (string | undefined)[] {
    const names = new Map([[1, 'one']]);
    return ids.map((id) => names.get(id));
  }
  public profile(): { name: string; nickname?: string | undefined } {
    return { name: 'ada', nickname: undefined };
  }
  public shift(when: Date, ms: number): Date {
    this.received = [when];
    return new Date(when.getTime() + ms);
  }
  public inspectStruct(value: Record<string, unknown>): Record<string, unknown> {
    this.received = [value];
    return {
      plain: Object.getPrototypeOf(value) === Object.prototype,
      // eslint-disable-next-line no-prototype-builtins -- ordinary code calls it on a received object
      ownA: value.hasOwnProperty('a'),
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as ordinary code would print it
      text: String(value),
    };
  }
  public half(value: number): number {
    return value / 2;
  }
}

interface Service {
  touch(): void;
  find(id: number): { id: number } | null;
  greet(name?: string, punctuation?: string): string;
  record(...values: unknown[]): number;
  echo(value: unknown): unknown;
  lookups(ids: number[]): (string | undefined)[];
  profile(): { name: string; nickname?: string | undefined };
  shift(when: Date, ms: number): Date;
  inspectStruct(value: Record<string, unknown>): Record<string, unknown>;
  half(value: number): number;
}

const call = (method: string, params: string): string =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;

describe('the value mapping between an exporter and a proxy, on real sockets', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const ledger = new Ledger();

  async function serve(
    options: Partial<XmlRpcServiceExporterOptions> = {},
    service: object = ledger,
  ): Promise<XmlRpcServiceExporter> {
    const exporter = new XmlRpcServiceExporter({
      service,
      servicePort: 0,
      serviceName: 'Ledger',
      ...options,
    });
    await exporter.start();
    cleanups.push(() => exporter.close());
    return exporter;
  }

  function proxyOf(
    exporter: XmlRpcServiceExporter,
    options: Parameters<typeof createProxy>[1] = {},
  ): Remote<Service> {
    const proxy = createProxy<Service>(exporter.url!, { timeoutMs: 10_000, ...options });
    cleanups.push(() => invokerOf(proxy).close());
    return proxy;
  }

  /** The response body of a raw call, as text. */
  async function raw(exporter: XmlRpcServiceExporter, body: string): Promise<string> {
    const bytes = Buffer.from(body);
    const reply = await rawExchange(
      exporter.address!.port,
      `POST /Ledger HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    assert.equal(reply.status, 200);
    return reply.body.toString('utf8');
  }

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  let service: Remote<Service>;
  let exporter: XmlRpcServiceExporter;
  before(async () => {
    exporter = await serve();
    service = proxyOf(exporter);
  });

  it('a void method gives undefined, a null result null, as locally', async () => {
    assert.equal(await (service.touch() as Promise<unknown>), undefined);
    assert.deepEqual(ledger.received, ['touched']);
    assert.strictEqual(await service.find(2), null);
    assert.deepStrictEqual(await service.find(1), { id: 1 });
    assert.match(await raw(exporter, call('touch', '')), /<value><nil><\/nil><\/value>/);
    assert.match(
      await raw(exporter, call('find', '<param><value><int>2</int></value></param>')),
      /<value><nil\/><\/value>/,
    );
  });

  it('sends every argument given, a trailing undefined as undefined, so default parameters apply', async () => {
    assert.equal(await service.greet(), 'hello world!');
    assert.equal(await service.greet(undefined, undefined), 'hello world!');
    assert.equal(await service.greet(undefined, '?'), 'hello world?');
    assert.equal(await service.greet('ada'), 'hello ada!');
    assert.equal(await service.greet('ada', undefined), 'hello ada!');
    // The method sees the arguments a local call would pass: f(1, undefined) is two.
    assert.equal(await service.record(1, undefined), 2);
    assert.deepStrictEqual(ledger.received, [1, undefined]);
    assert.equal(await service.record(1), 1);
  });

  it('sends a trailing undefined argument inside a multicall too', async () => {
    const batch = new MultiCall<Service>(service);
    batch.record(1, undefined);
    batch.greet('ada', undefined);
    assert.deepStrictEqual([...(await batch())], [2, 'hello ada!']);
  });

  it('passes undefined and null arguments through as themselves', async () => {
    assert.equal(await service.record(undefined, null, 1), 3);
    assert.deepStrictEqual(ledger.received, [undefined, null, 1]);
  });

  it('keeps undefined array items and undefined members, as a local call does', async () => {
    assert.deepStrictEqual(await service.lookups([1, 2]), new Ledger().lookups([1, 2]));
    const profile = await service.profile();
    assert.deepStrictEqual(profile, new Ledger().profile());
    assert.ok(Object.hasOwn(profile, 'nickname'));
  });

  it('gives a Date to the method and a Date back, milliseconds included', async () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
    const later = await service.shift(when, 1001);
    assert.ok(later instanceof Date);
    assert.equal(later.toISOString(), '2026-01-02T03:04:06.124Z');
    assert.ok(ledger.received[0] instanceof Date);
    assert.deepStrictEqual(ledger.received[0], when);
    assert.deepStrictEqual(await service.echo(when), when);
  });

  it('reads a zone-less dateTime from another client as UTC', async () => {
    const body = await raw(
      exporter,
      call(
        'shift',
        '<param><value><dateTime.iso8601>19980717T14:08:05.5</dateTime.iso8601></value></param><param><value><int>0</int></value></param>',
      ),
    );
    assert.deepStrictEqual(ledger.received, [new Date(Date.UTC(1998, 6, 17, 14, 8, 5, 500))]);
    assert.match(body, /<dateTime\.iso8601>19980717T14:08:05\.500<\/dateTime\.iso8601>/);
  });

  it('gives plain objects both ways: Object.prototype methods work, deepStrictEqual holds', async () => {
    const local = new Ledger().inspectStruct({ a: 1 });
    assert.deepStrictEqual(await service.inspectStruct({ a: 1 }), local);
    assert.deepStrictEqual(local, { plain: true, ownA: true, text: '[object Object]' });
    const nested = { a: { b: [{ c: 'd' }] }, when: new Date(0), bytes: Buffer.from('hi') };
    assert.deepStrictEqual(await service.echo(nested), nested);
  });

  it('keeps a __proto__ member an own property on the way in and out', async () => {
    const hostile = JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": "c"}') as Record<
      string,
      unknown
    >;
    const echoed = (await service.echo(hostile)) as Record<string, unknown>;
    assert.deepStrictEqual(echoed, hostile);
    assert.equal('isAdmin' in echoed, false);
    assert.equal(Object.getPrototypeOf(echoed), Object.prototype);
  });

  it('sends numbers every peer reads: a large integral number as an exact double, never <i8>', async () => {
    assert.equal(await service.echo(1e15), 1e15);
    assert.equal(await service.echo(2 ** 53), 2 ** 53);
    assert.match(
      await raw(exporter, call('echo', '<param><value><double>1e15</double></value></param>')),
      /<value><double>1000000000000000\.0<\/double><\/value>/,
    );
    assert.match(
      await raw(exporter, call('half', '<param><value><double>4294967296.0</double></value></param>')),
      /<value><double>2147483648\.0<\/double><\/value>/,
    );
  });

  it('answers <i8> to a caller whose request used <i8>', async () => {
    assert.match(
      await raw(
        exporter,
        call(
          'record',
          '<param><value><i8>1</i8></value></param><param><value><double>1e15</double></value></param>',
        ),
      ),
      /<value><int>2<\/int><\/value>/,
    );
    assert.match(
      await raw(
        exporter,
        call(
          'echo',
          '<param><value><array><data><value><i8>5000000000</i8></value></data></array></value></param>',
        ),
      ),
      /<value><array><data><value><i8>5000000000<\/i8><\/value><\/data><\/array><\/value>/,
    );
    assert.equal(await service.echo(2n ** 40n), 2 ** 40);
  });

  it('writes results in the types a declared signature names', async () => {
    const typed = await serve(
      {
        serviceName: 'Typed',
        methodInfo: {
          echo: {
            signature: [
              ['double', 'double'],
              ['string', 'string'],
            ],
          },
          half: { signature: ['i8', 'double'] },
        },
      },
      new Ledger(),
    );
    const body = (method: string, params: string): Promise<string> =>
      rawExchange(
        typed.address!.port,
        `POST /Typed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(call(method, params))}\r\n\r\n${call(method, params)}`,
      ).then((reply) => reply.body.toString('utf8'));
    assert.match(
      await body('echo', '<param><value><double>2.0</double></value></param>'),
      /<double>2\.0<\/double>/,
    );
    assert.match(
      await body('echo', '<param><value><string>2</string></value></param>'),
      /<string>2<\/string>/,
    );
    assert.match(await body('half', '<param><value><double>8</double></value></param>'), /<i8>4<\/i8>/);
    const proxy = proxyOf(typed);
    assert.equal(await proxy.echo(2), 2);
    // In a multicall, each entry is written in its method's declared type too.
    const multicall = await body(
      'system.multicall',
      '<param><value><array><data><value><struct><member><name>methodName</name><value>echo</value></member>' +
        '<member><name>params</name><value><array><data><value><double>3.0</double></value></data></array></value></member></struct></value></data></array></value></param>',
    );
    assert.match(multicall, /<double>3\.0<\/double>/);
  });

  it('gives naive date-times and null-prototype structs when both sides choose those options', async () => {
    const own = new Ledger();
    const naive = await serve(
      { serviceName: 'Naive', decoding: { dateTimes: 'naive', structs: 'null-prototype' } },
      own,
    );
    const proxy = proxyOf(naive, { decoding: { dateTimes: 'naive', structs: 'null-prototype' } });
    assert.equal(await proxy.record(new Date(Date.UTC(2026, 0, 2)), { a: 1 }), 2);
    assert.deepStrictEqual(own.received, [
      new XmlRpcDateTime('20260102T00:00:00'),
      Object.assign(Object.create(null) as object, { a: 1 }),
    ]);
    const echoed = (await proxy.echo({ when: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) })) as Record<
      string,
      unknown
    >;
    assert.equal(Object.getPrototypeOf(echoed), null);
    assert.ok(echoed['when'] instanceof XmlRpcDateTime);
    assert.equal(echoed['when'].value, '20260102T03:04:05.006');
  });

  it('refuses an unknown decoding choice when the exporter or proxy is made', () => {
    assert.throws(
      () => new XmlRpcServiceExporter({ service: ledger, decoding: { dateTimes: 'local' as 'date' } }),
      /decoding\.dateTimes must be 'date' or 'naive', got "local"/,
    );
    assert.throws(
      () => createProxy('http://127.0.0.1:1/', { decoding: { structs: 'map' as 'object' } }),
      /decoding\.structs must be/,
    );
  });

  it('takes decoding from context files for the exporter, the proxy and a pool client', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spindle-decoding-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const file = join(dir, 'context.xml');
    await writeFile(
      file,
      `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="ledger" class="Ledger"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="ledger"/>
    <property name="serviceName" value="Ledger"/>
    <property name="servicePort" value="${port}"/>
    <property name="decoding"><dict><entry key="structs" value="null-prototype"/></dict></property>
  </object>
  <object id="proxy" class="XmlRpcProxyFactory">
    <property name="serviceUrl" value="http://127.0.0.1:${port}/Ledger"/>
    <property name="decoding"><dict><entry key="dateTimes" value="naive"/></dict></property>
  </object>
  <object id="pool" class="HighAvailabilityProxy">
    <property name="members"><list><value>http://127.0.0.1:${port}/Ledger</value></list></property>
    <property name="client"><dict><entry key="decoding"><dict><entry key="dateTimes" value="naive"/></dict></entry></dict></property>
  </object>
</objects>`,
    );
    const ctx = await ApplicationContext.load([file], {
      classes: new ClassRegistry().registerClass('Ledger', Ledger),
    });
    try {
      const proxy = ctx.get<Remote<Service, XmlRpcDateTime>>('proxy');
      const pool = ctx.get<Remote<Service, XmlRpcDateTime>>('pool');
      const text = new XmlRpcDateTime('20260102T03:04:05');
      assert.deepStrictEqual(await proxy.echo(text), text);
      assert.deepStrictEqual(await pool.echo(text), text);
      const seen = ctx.get<Ledger>('ledger');
      await proxy.record({ a: 1 });
      assert.equal(Object.getPrototypeOf(seen.received[0]), null);
    } finally {
      await ctx.close();
    }
  });
});
