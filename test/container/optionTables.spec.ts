import assert from 'node:assert/strict';

import { exporterDescriptor } from '../../src/builtins/exporterDescriptor.js';
import { exporterOptionTable } from '../../src/builtins/options/exporterOptionTable.js';
import { constructorArity, mayHaveMember } from '../../src/container/classMembers.js';
import type { OptionTable } from '../../src/container/OptionSpec.js';
import { aliasesOf, valueTypesOf } from '../../src/container/OptionSpec.js';

interface TwoOptions {
  readonly port?: number;
  readonly name: string;
}

// An option added to an interface without a row in its table, or a row for an
// option the interface does not have, does not compile.
export const missingRow = {
  port: { kind: 'integer', default: '`1`', doc: 'a port' },
  // @ts-expect-error -- 'name' is not described
} satisfies OptionTable<TwoOptions>;
export const extraRow = {
  port: { kind: 'integer', default: '`1`', doc: 'a port' },
  name: { kind: 'string', default: 'required', doc: 'a name' },
  // @ts-expect-error -- the interface has no 'colour'
  colour: { kind: 'string', default: 'none', doc: 'not an option' },
} satisfies OptionTable<TwoOptions>;

describe('the built-ins’ option tables', () => {
  it('give the descriptor its conversion types and Spring Python aliases', () => {
    assert.deepEqual(exporterDescriptor.properties, valueTypesOf(exporterOptionTable));
    assert.equal(exporterDescriptor.properties['servicePort'], 'integer');
    assert.deepEqual(aliasesOf(exporterOptionTable), {
      service_name: 'serviceName',
      service_host: 'serviceHost',
      service_port: 'servicePort',
    });
    assert.deepEqual(exporterDescriptor.aliases, aliasesOf(exporterOptionTable));
  });
});

describe('what check can see of a class before making it', () => {
  it('counts the parameters a constructor declares, its parent’s when it has none', () => {
    class None {}
    class Two {
      public constructor(
        public a: string,
        public b = [1, 2].map((x) => x * 2),
      ) {}
    }
    class Inherits extends Two {}
    class Rest {
      public readonly all: unknown[];
      public constructor(...all: unknown[]) {
        this.all = all;
      }
    }
    function OldStyle(this: { x: unknown }, x: unknown): void {
      this.x = x;
    }
    assert.equal(constructorArity(None), 0);
    assert.equal(constructorArity(Two), 2);
    assert.equal(constructorArity(Inherits), 2);
    assert.equal(constructorArity(Rest), undefined);
    assert.equal(constructorArity(OldStyle), 1);
  });

  it('sees methods and arrow-function fields, and nothing a class never mentions', () => {
    class Service {
      public greet = (): string => 'hi';
      public add(a: number, b: number): number {
        return a + b;
      }
    }
    class Child extends Service {}
    assert.equal(mayHaveMember(Child, 'add'), true);
    assert.equal(mayHaveMember(Child, 'greet'), true);
    assert.equal(mayHaveMember(Child, 'nosuch'), false);
  });
});
