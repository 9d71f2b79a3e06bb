import assert from 'node:assert/strict';

import {
  closestMatches,
  didYouMean,
  formatProblem,
  resolveInheritance,
  validateDefinitions,
} from '../../src/definitions/index.js';
import type { ContextDefinition, ObjectDefinition, ValueDefinition } from '../../src/definitions/index.js';

const at = (line: number, column = 1) => ({ file: '/ctx.xml', line, column });

function def(id: string, line: number, extra: Partial<ObjectDefinition> = {}): ObjectDefinition {
  return {
    id,
    className: 'C',
    scope: 'singleton',
    lazyInit: false,
    abstract: false,
    dependsOn: [],
    constructorArgs: [],
    properties: [],
    location: at(line),
    ...extra,
  };
}

const ref = (id: string, line: number, column = 9): ValueDefinition => ({
  kind: 'ref',
  id,
  location: at(line, column),
});

function context(...definitions: ObjectDefinition[]): ContextDefinition {
  return { objects: new Map(definitions.map((d) => [d.id, d])), files: ['/ctx.xml'] };
}

describe('validateDefinitions', () => {
  it('accepts a context whose refs all resolve', () => {
    const ok = context(
      def('a', 1),
      def('b', 2, { properties: [{ name: 'a', value: ref('a', 2), location: at(2) }] }),
    );
    assert.deepEqual(validateDefinitions(ok), []);
  });

  it('reports a dangling ref inside a list of an inner object, naming the holder and suggesting ids', () => {
    const inner = def('holder.x', 3, {
      properties: [
        {
          name: 'l',
          value: { kind: 'list', items: [ref('servce', 4, 7)], location: at(4) },
          location: at(4),
        },
      ],
    });
    const problems = validateDefinitions(
      context(
        def('service', 1),
        def('holder', 2, {
          properties: [
            { name: 'x', value: { kind: 'object', definition: inner, location: at(3) }, location: at(3) },
          ],
        }),
      ),
    );
    assert.deepEqual(problems.map(formatProblem), [
      "/ctx.xml:4:7: [holder] ref 'servce' names no object (did you mean 'service'?)",
    ]);
  });

  it('reports depends-on that names nothing, and a loop through constructor args and depends-on', () => {
    const problems = validateDefinitions(
      context(
        def('a', 1, { constructorArgs: [{ value: ref('b', 1, 20), location: at(1) }] }),
        def('b', 2, { dependsOn: ['a', 'ghost'] }),
      ),
    );
    assert.deepEqual(problems.map(formatProblem).sort(), [
      '/ctx.xml:1:20: [a] reference cycle: a → b → a',
      "/ctx.xml:2:1: [b] depends-on 'ghost' names no object",
    ]);
  });

  it('ignores abstract objects as cycle members but reports a missing class on concrete ones', () => {
    const problems = validateDefinitions(
      context(
        def('t', 1, { abstract: true, className: undefined } as never),
        def('x', 2, { className: undefined } as never),
      ),
    );
    assert.deepEqual(
      problems.map((p) => p.code),
      ['missing-class'],
    );
  });
});

describe('resolveInheritance', () => {
  it('leaves the input untouched and reports an unknown parent with a suggestion', () => {
    const input = context(
      def('base', 1, { abstract: true }),
      def('child', 2, { parent: 'bse', className: undefined } as never),
    );
    const { context: out, problems } = resolveInheritance(input);
    assert.deepEqual(problems.map(formatProblem), [
      "/ctx.xml:2:1: [child] parent 'bse' is not defined (did you mean 'base'?)",
    ]);
    assert.notEqual(out, input);
    assert.equal(input.objects.get('child')?.className, undefined);
  });

  it('inherits scope only when the child did not say it', () => {
    const base = def('base', 1, { scope: 'prototype', abstract: true });
    const { context: out } = resolveInheritance(
      context(
        base,
        def('silent', 2, { parent: 'base' }),
        def('says', 3, { parent: 'base', explicit: ['scope'] }),
      ),
    );
    assert.equal(out.objects.get('silent')?.scope, 'prototype');
    assert.equal(out.objects.get('says')?.scope, 'singleton');
  });
});

describe('closestMatches', () => {
  it('suggests close names only, best first', () => {
    assert.deepEqual(closestMatches('lazy-inti', ['lazy-init', 'init-method', 'class']), ['lazy-init']);
    assert.deepEqual(closestMatches('zzz', ['lazy-init', 'class']), []);
    assert.equal(didYouMean('servce', ['service', 'server']), " (did you mean 'service' or 'server'?)");
  });
});
