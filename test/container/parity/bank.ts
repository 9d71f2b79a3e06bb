import 'reflect-metadata';

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { injectable } from 'inversify';

import { ClassRegistry } from '../../../src/container/index.js';

/** What every object of these classes did, in order: what a test asserts. */
export const events: string[] = [];

export class Ledger {
  public readonly entries: string[] = [];
  public record(entry: string): number {
    this.entries.push(entry);
    return this.entries.length;
  }
}

export class MemoryLedger extends Ledger {}

export class AuditLedger extends Ledger {}

/** Autowired by property: a field declared without initializer. */
export class Teller {
  public ledger!: Ledger;
  public note = 'kept';
  public deposit(amount: number): number {
    return this.ledger.record(`deposit ${String(amount)}`);
  }
}

/** Autowired through a setter. */
export class Clerk {
  public seen: Ledger | undefined;
  public set ledger(ledger: Ledger) {
    this.seen = ledger;
  }
}

/** Any class decorator makes TypeScript emit `design:paramtypes`. */
const typed = (): ClassDecorator => () => undefined;

@typed()
export class Vault {
  public constructor(
    public readonly ledger: Ledger,
    public readonly clerk: Clerk,
  ) {}
}

/** Built by inversify, its parameter asked of the context by class. */
@injectable()
export class Auditor {
  public constructor(public readonly ledger: Ledger) {}
}

/** An instance factory (factory-bean): sync and async methods. */
export class LedgerFactory {
  public made = 0;
  public constructor(public prefix = 'L') {}
  public open(name: string): Ledger {
    this.made += 1;
    const ledger = new Ledger();
    ledger.record(`${this.prefix}:${name}`);
    return ledger;
  }
  public async openLater(name: string): Promise<Ledger> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.open(name);
  }
}

/** Logs the objects it sees and wraps every Teller in a proxy that logs its calls. */
export class LoggingPostProcessor {
  public afterPropertiesSet(): void {
    events.push('processor ready');
  }
  public async postProcessBeforeInit(object: unknown, id: string): Promise<undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    events.push(`before ${id}`);
    return undefined;
  }
  public postProcessAfterInit(object: unknown, id: string): unknown {
    events.push(`after ${id}`);
    if (!(object instanceof Teller)) return object;
    return new Proxy(object, {
      get(target, name, receiver): unknown {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          events.push(`call ${id}.${String(name)}`);
          return Reflect.apply(value, target, args);
        };
      },
    });
  }
}

/** Records its own initialisation, to show where post-processing runs. */
export class Tracked {
  public afterPropertiesSet(): void {
    events.push('tracked init');
  }
}

/** The registry the contexts below use. */
export function bankClasses(): ClassRegistry {
  return new ClassRegistry()
    .registerClass('Ledger', Ledger)
    .registerClass('MemoryLedger', MemoryLedger)
    .registerClass('AuditLedger', AuditLedger)
    .registerClass('Teller', Teller, { propertyTypes: { ledger: Ledger } })
    .registerClass('Clerk', Clerk, { propertyTypes: { ledger: Ledger } })
    .registerClass('Vault', Vault)
    .registerClass('Auditor', Auditor)
    .registerClass('LedgerFactory', LedgerFactory)
    .registerClass('LoggingPostProcessor', LoggingPostProcessor)
    .registerClass('Tracked', Tracked);
}

/** A temporary folder for context files, removed by `dispose`. */
export function contextDir(): { write: (name: string, text: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-parity-'));
  return {
    write: (name, text) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
