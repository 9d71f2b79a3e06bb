import assert from 'node:assert/strict';

import { readContextWithProblems } from '../../src/config/index.js';

import { fixture, withoutLocations } from './contextFixtures.js';

describe('readContext with parent definitions', () => {
  it('flattens a parent chain: class, scope, lazy-init, args by index and name, properties by name, methods', async () => {
    const { context } = await readContextWithProblems([fixture('inheritance.xml')], { env: {} });
    const child = context.objects.get('child');
    assert.ok(child);
    assert.equal(child.className, './service.js#Base');
    assert.equal(child.scope, 'singleton', 'the child says its own scope');
    assert.equal(child.lazyInit, true, 'inherited lazy-init');
    assert.equal(child.abstract, false, 'abstract is never inherited');
    assert.equal(child.initMethod, 'setUp', 'the nearest parent wins');
    assert.equal(child.destroyMethod, 'close');
    assert.deepEqual(child.dependsOn, [], 'depends-on is never inherited');
    assert.deepEqual(withoutLocations(child.constructorArgs), [
      { value: { kind: 'literal', value: 'p0' } },
      { index: 1, value: { kind: 'literal', value: 'child1' } },
      { name: 'mode', value: { kind: 'literal', value: 'fast' } },
    ]);
    assert.deepEqual(
      child.properties.map((p) => [p.name, p.value.kind === 'literal' ? p.value.value : p.value.kind]),
      [
        ['a', 'child-a'],
        ['b', 'middle-b'],
        ['c', 'middle-c'],
      ],
    );
    assert.equal(context.objects.get('other')?.className, './service.js#Other');
    assert.equal(context.objects.get('other')?.scope, 'prototype');
    assert.equal(
      context.objects.get('base')?.abstract,
      true,
      'abstract objects stay, for the container to skip',
    );
  });

  it('flattens inner objects with a parent too', async () => {
    const { context } = await readContextWithProblems([fixture('inheritance.xml')], { env: {} });
    const inner = context.objects.get('holder')?.properties[0]?.value;
    assert.ok(inner?.kind === 'object');
    assert.equal(inner.definition.id, 'holder.inner');
    assert.equal(inner.definition.className, './service.js#Base');
    assert.deepEqual(
      inner.definition.properties.map((p) => p.name),
      ['a', 'b'],
    );
  });

  it('reports a parent chain that loops, once, with the loop', async () => {
    const { problems } = await readContextWithProblems([fixture('inheritance.xml')], { env: {} });
    assert.deepEqual(
      problems.map((p) => [p.code, p.objectId, p.message]),
      [['parent-cycle', 'loop1', 'parent chain loops: loop1 → loop2 → loop1']],
    );
  });
});
