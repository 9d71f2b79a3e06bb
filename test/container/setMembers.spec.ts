import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApplicationContext } from '../../src/index.js';
import { runSpindle } from '../helpers/nodeProcess.js';
import { freePortRun } from '../helpers/ports.js';

const service = `export class Named {
  constructor(name) { this.name = name; }
  whoami() { return this.name; }
}
`;

function exporter(id: string, port: number): string {
  return `  <object id="${id}" class="./service.mjs#Named"><constructor-arg value="${id}"/></object>
  <object id="${id}Exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="${id}"/>
    <property name="serviceName" value="S"/>
    <property name="servicePort" value="${String(port)}"/>
  </object>`;
}

/**
 * `members` written as a `<set>`: as good as a `<list>` (Spring converts a
 * Set for a List property), so `check` passes it and the pool gets every
 * member, not the whole set taken as one member.
 */
describe('HighAvailabilityProxy members written as a <set>', function () {
  this.timeout(60_000);
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-set-members-'));
    await writeFile(join(dir, 'service.mjs'), service);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check passes, and the pool calls each member of the set', async () => {
    const a = await freePortRun(2);
    const b = a + 1;
    const file = join(dir, 'context.xml');
    await writeFile(
      file,
      `<objects>
${exporter('a', a)}
${exporter('b', b)}
  <object id="pool" class="HighAvailabilityProxy">
    <property name="members">
      <set>
        <value>http://127.0.0.1:${String(a)}/S</value>
        <value>http://127.0.0.1:${String(b)}/S</value>
      </set>
    </property>
  </object>
</objects>
`,
    );
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    const ctx = await ApplicationContext.load([file]);
    try {
      const pool = await ctx.getAsync<{ whoami(): Promise<string> }>('pool');
      const names = new Set<string>();
      // Round-robin over two healthy members: four calls reach both.
      for (let call = 0; call < 4; call += 1) names.add(await pool.whoami());
      assert.deepEqual([...names].sort(), ['a', 'b']);
    } finally {
      await ctx.close();
    }
  });
});
