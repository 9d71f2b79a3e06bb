import assert from 'node:assert/strict';

import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy } from '../../src/ha/index.js';
import { createProxy } from '../../src/proxy/createProxy.js';

/** Answers with its own name, so each call shows which member took it. */
class Named {
  public constructor(private readonly name: string) {}
  public who(): string {
    return this.name;
  }
}

describe('HighAvailabilityProxy.add() of a member already present', function () {
  this.timeout(20_000);
  const exporters: XmlRpcServiceExporter[] = [];
  let pool: HighAvailabilityProxy | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
    await Promise.all(exporters.splice(0).map((e) => e.close()));
  });

  async function serve(name: string): Promise<string> {
    const exporter = new XmlRpcServiceExporter({ service: new Named(name), servicePort: 0 });
    exporters.push(exporter);
    return exporter.start();
  }

  it('keeps one member per URL, proxy or invoker, so no member gets a double share', async () => {
    const [a, b] = [await serve('a'), await serve('b')];
    const memberB = createProxy(b);
    pool = new HighAvailabilityProxy({ members: [a, memberB] });
    const added: string[] = [];
    pool.on('memberAdded', (member) => added.push(member));
    assert.equal(pool.add(a), a, 'returns the description of the member already there');
    assert.equal(pool.add(memberB), b);
    assert.deepEqual(added, [], 'nothing was added, so no event');
    assert.deepEqual(
      pool.stats().map((s) => s.description),
      [a, b],
    );
    const answers: unknown[] = [];
    for (let i = 0; i < 6; i++) answers.push(await pool.invoke('who', []));
    assert.deepEqual(
      answers.sort(),
      ['a', 'a', 'a', 'b', 'b', 'b'],
      'round-robin stays even: a is in rotation once',
    );
    assert.equal(pool.remove(a), true);
    assert.equal(pool.remove(a), false, 'one remove() takes the only copy out');
  });
});
