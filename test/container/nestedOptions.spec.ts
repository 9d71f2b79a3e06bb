import assert from 'node:assert/strict';

import { ApplicationContext, ClassRegistry } from '../../src/index.js';
import type { ContainerError, XmlRpcServiceExporter } from '../../src/index.js';
import { context, dict, lit, object, ref } from './definitions.js';

class Service {
  public depth(value: unknown): string {
    return typeof value;
  }
}

const classes = new ClassRegistry().registerClass('Service', Service);
const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const call = (xml: string): string =>
  `<?xml version="1.0"?><methodCall><methodName>depth</methodName><params><param>${xml}</param></params></methodCall>`;

async function post(
  url: string,
  body: string,
  authorization: string,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', Authorization: authorization },
    body,
  });
  return { status: response.status, body: await response.text() };
}

describe('nested options of the built-ins are typed (XML text becomes numbers)', () => {
  let ctx: ApplicationContext | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  it('applies rate limits and decode limits written as text: the auth lockout ends, depth is capped', async function () {
    this.timeout(60_000);
    ctx = await ApplicationContext.fromDefinition(
      context(
        object('service', 'Service'),
        object('exporter', 'XmlRpcServiceExporter', {
          properties: {
            service: ref('service'),
            servicePort: lit('0'),
            auth: dict({ users: dict({ alice: lit('pw') }), allowInsecure: lit('true') }),
            limits: dict({
              maxConnectionsPerAddress: lit('64'),
              maxAuthFailures: lit('1'),
              authFailureWindowMs: lit('60000'),
              authLockoutMs: lit('3000'),
              decode: dict({ maxDepth: lit('1') }),
            }),
          },
        }),
      ),
      { classes },
    );
    const url = ctx.get<XmlRpcServiceExporter>('exporter').url ?? assert.fail('the exporter listens');
    const flat = call('<value><int>1</int></value>');
    assert.equal((await post(url, flat, basic('alice', 'guess'))).status, 401);
    assert.equal((await post(url, flat, basic('alice', 'pw'))).status, 429, 'locked out after one failure');
    // With the lockout as the string "3000", `now + "3000"` would lock the address out for good.
    // 3 s: the request right after the failure falls inside it even on a loaded machine.
    let status = 429;
    for (let i = 0; i < 300 && status === 429; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await post(url, flat, basic('alice', 'pw'))).status;
    }
    assert.equal(status, 200, 'the lockout ended');
    const deep = call('<value><array><data><value><array><data/></array></value></data></array></value>');
    const refused = await post(url, deep, basic('alice', 'pw'));
    assert.match(refused.body, /<int>-32600<\/int>/, 'maxDepth 1 refuses an array in an array');
  });

  it('reports nested fields of the proxy and the pool that do not convert, each by its path', async () => {
    const error = await ApplicationContext.fromDefinition(
      context(
        object('proxy', 'XmlRpcProxyFactory', {
          properties: {
            serviceUrl: lit('http://127.0.0.1:1/S'),
            decodeLimits: dict({ maxDepth: lit('deep') }),
          },
        }),
        object('pool', 'HighAvailabilityProxy', {
          properties: {
            members: lit('http://127.0.0.1:1/S'),
            client: dict({
              timeoutMs: lit('soon'),
              tls: dict({ insecure: lit('perhaps') }),
              decodeLimits: dict({ maxBytes: lit('lots') }),
            }),
          },
        }),
      ),
      { classes },
    ).then(
      () => assert.fail('the load should fail'),
      (caught: unknown) => caught as ContainerError,
    );
    assert.equal(error.code, 'SPINDLE_CONTAINER_VALUE_TYPE');
    assert.deepEqual(
      error.problems.map((problem) => problem.message),
      [
        "property 'decodeLimits.maxDepth': 'deep' is not an integer",
        "property 'client.timeoutMs': 'soon' is not an integer",
        "property 'client.tls.insecure': 'perhaps' is not a boolean (write true or false)",
        "property 'client.decodeLimits.maxBytes': 'lots' is not an integer",
      ],
    );
  });
});
