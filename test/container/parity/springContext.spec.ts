import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';

import { checkCommand } from '../../../src/cli/commands/check.js';
import { ApplicationContext } from '../../../src/index.js';

import { contextDir } from './bank.js';

/** Plain JavaScript, with the metadata TypeScript emits for decorated classes and properties written by hand. */
const bank = `export const calls = [];
export class Ledger {
  entries = [];
  record(entry) { this.entries.push(entry); return this.entries.length; }
}
export class MemoryLedger extends Ledger {}
export class AuditLedger extends Ledger {}
export class LedgerFactory {
  async open(name) { const ledger = new AuditLedger(); ledger.record('opened ' + name); return ledger; }
}
export class Teller {
  ledger;
  deposit(amount) { return this.ledger.record('deposit ' + amount); }
}
Reflect.defineMetadata('design:type', Ledger, Teller.prototype, 'ledger');
export class Vault {
  constructor(ledger, teller) { this.ledger = ledger; this.teller = teller; }
}
Reflect.defineMetadata('design:paramtypes', [Ledger, Teller], Vault);
export class Branch {
  teller;
  vault;
}
export class CallLogger {
  postProcessAfterInit(object, id) {
    if (!(object instanceof Teller)) return object;
    return new Proxy(object, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? (...args) => { calls.push(id + '.' + String(name)); return value.apply(target, args); } : value;
      },
    });
  }
}
`;

const twins = {
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<objects xmlns="http://www.springframework.org/springpython/schema/objects/1.1" default-autowire="byType">
  <object id="callLogger" class="./bank.mjs#CallLogger"/>
  <object id="memory" class="./bank.mjs#MemoryLedger" primary="true"/>
  <object id="ledgerFactory" class="./bank.mjs#LedgerFactory"/>
  <object id="audit" class="./bank.mjs#AuditLedger" factory-bean="ledgerFactory" factory-method="open">
    <constructor-arg value="audit"/>
  </object>
  <alias name="memory" alias="ledger"/>
  <object id="teller" class="./bank.mjs#Teller"/>
  <object id="vault" class="./bank.mjs#Vault" autowire="constructor"/>
  <object id="branch" class="./bank.mjs#Branch" autowire="byName"/>
</objects>
`,
  yaml: `default-autowire: byType
objects:
  - object: callLogger
    class: ./bank.mjs#CallLogger
  - object: memory
    class: ./bank.mjs#MemoryLedger
    primary: true
  - object: ledgerFactory
    class: ./bank.mjs#LedgerFactory
  - object: audit
    class: ./bank.mjs#AuditLedger
    factory-bean: ledgerFactory
    factory-method: open
    constructor-args: [audit]
  - object: teller
    class: ./bank.mjs#Teller
  - object: vault
    class: ./bank.mjs#Vault
    autowire: constructor
  - object: branch
    class: ./bank.mjs#Branch
    autowire: byName
aliases:
  - {alias: ledger, name: memory}
`,
};

interface Bank {
  calls: string[];
  Ledger: abstract new () => { entries: string[] };
  Teller: abstract new () => { ledger: unknown; deposit(amount: number): number };
}

describe("a Spring user's context: alias, factory-bean, autowiring with primary, a post-processor", () => {
  const dir = contextDir();
  const module = dir.write('bank.mjs', bank);
  after(dir.dispose);

  for (const [format, text] of Object.entries(twins)) {
    it(`${format}: spindle check passes it and ApplicationContext.load wires it`, async () => {
      const file = dir.write(`spring.${format}`, text);
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      const code = await checkCommand.run({
        argv: [file],
        stdin: new PassThrough(),
        stdout,
        stderr: new PassThrough(),
      });
      assert.equal(code, 0, out);
      assert.equal(out, 'ok: 7 objects in 1 file(s)\n');

      const ctx = await ApplicationContext.load(file);
      try {
        const classes = (await import(module)) as Bank;
        const memory = ctx.get('memory');
        const teller = ctx.get<{ ledger: unknown; deposit(amount: number): number }>('teller');
        assert.equal(teller.ledger, memory);
        assert.equal(teller.deposit(10), 1);
        assert.deepEqual(classes.calls.splice(0), ['teller.deposit']);
        assert.equal(ctx.get<{ ledger: unknown }>('vault').ledger, memory);
        assert.equal(ctx.get<{ teller: unknown }>('vault').teller, teller);
        assert.equal(ctx.get<{ teller: unknown }>('branch').teller, teller);
        assert.equal(ctx.get<{ vault: unknown }>('branch').vault, ctx.get('vault'));
        assert.equal(ctx.get('ledger'), memory);
        assert.deepEqual(ctx.get<{ entries: string[] }>('audit').entries, ['opened audit']);
        assert.equal(ctx.get(classes.Ledger), memory);
        assert.deepEqual([...ctx.getObjectsOfType(classes.Ledger).keys()], ['memory', 'audit']);
      } finally {
        await ctx.close();
      }
    });
  }
});
