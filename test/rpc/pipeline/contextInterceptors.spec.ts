import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ApplicationContext } from '../../../src/index.js';
import { freePort } from '../../helpers/ports.js';
import { runSpindle } from '../../helpers/nodeProcess.js';

const classes = `import { currentCall } from 'spindle';
export class Greeter {
  greet(name) { return 'Hello, ' + name + ' from ' + (currentCall()?.metadata['x-caller'] ?? 'nobody'); }
}
/** Server side: refuses callers without a token. */
export class TokenCheck {
  async intercept(call, next) {
    if (call.metadata['x-token'] !== 'sesame') throw new Error('no token');
    return next();
  }
}
/** Client side: adds the token and says who calls. */
export class TokenSender {
  async intercept(call, next) {
    return next({ ...call, options: { ...call.options, metadata: { ...call.options.metadata, 'x-token': 'sesame', 'x-caller': 'context' } } });
  }
}
`;

function context(port: number): string {
  return `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="greeter" class="./classes.mjs#Greeter"/>
  <object id="tokenCheck" class="./classes.mjs#TokenCheck"/>
  <object id="tokenSender" class="./classes.mjs#TokenSender"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="greeter"/>
    <property name="serviceName" value="Greeter"/>
    <property name="servicePort" value="${port}"/>
    <property name="interceptors"><list><ref object="tokenCheck"/></list></property>
  </object>
  <object id="proxy" class="XmlRpcProxyFactory">
    <property name="serviceUrl" value="http://127.0.0.1:${port}/Greeter"/>
    <property name="interceptors"><list><ref object="tokenSender"/></list></property>
  </object>
  <object id="bare" class="XmlRpcProxyFactory">
    <property name="serviceUrl" value="http://127.0.0.1:${port}/Greeter"/>
  </object>
  <object id="pool" class="HighAvailabilityProxy">
    <property name="members"><list><value>http://127.0.0.1:${port}/Greeter</value></list></property>
    <property name="interceptors" ref="tokenSender"/>
  </object>
</objects>
`;
}

describe('interceptors in a context file: refs to objects with intercept()', function () {
  this.timeout(60_000);
  let dir = '';
  before(async () => {
    // Inside the package (dist/test/…), so the classes' `import … from 'spindle'` resolves to this build.
    dir = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), 'context-'));
    await writeFile(join(dir, 'classes.mjs'), classes);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check accepts them, and the loaded context runs them on both sides (a lone ref is a list of one)', async () => {
    const file = join(dir, 'context.xml');
    await writeFile(file, context(await freePort()));
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    const ctx = await ApplicationContext.load([file]);
    try {
      const proxy = ctx.get<{ greet(name: string): Promise<string> }>('proxy');
      assert.equal(await proxy.greet('Ada'), 'Hello, Ada from context');
      const pool = ctx.get<{ greet(name: string): Promise<string> }>('pool');
      assert.equal(await pool.greet('Bob'), 'Hello, Bob from context');
      const bare = ctx.get<{ greet(name: string): Promise<string> }>('bare');
      await assert.rejects(bare.greet('Eve'), /no token/);
    } finally {
      await ctx.close();
    }
  });
});
