/**
 * The pooled client: loads client.yaml (or client.xml), whose pool learns its
 * members from etcd, and keeps calling it, printing which replica answered
 * and every change of membership. It never names a URL. Start and kill
 * replicas while it runs: the pool follows.
 *
 *   node --import tsx client.ts [client.yaml] [--calls N] [--interval MS] [--set ETCD=http://…]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { EtcdDiscovery } from 'spindle/etcd';
import { ApplicationContext, SpindleError } from 'spindle';

/** What the client needs of the service. */
export interface Greeter {
  greet(name: string): Promise<string>;
  whoAmI(): Promise<string>;
}

/** Makes `calls` calls `intervalMs` apart; returns how many failed. */
export async function callRepeatedly(
  service: Greeter,
  calls: number,
  intervalMs: number,
  print: (line: string) => void,
): Promise<number> {
  let failed = 0;
  for (let i = 0; i < calls; i++) {
    try {
      print(`call ${String(i)}: ${await service.greet(`caller ${String(i)}`)}`);
    } catch (error) {
      failed += 1;
      print(
        `call ${String(i)}: ${SpindleError.is(error) ? `${error.code}: ${error.message}` : String(error)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return failed;
}

/** Loads the context, prints membership changes, calls the pooled service, closes the context. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      calls: { type: 'string', default: 'Infinity' },
      interval: { type: 'string', default: '500' },
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const settings = Object.fromEntries(
    values.set.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const appContext = await ApplicationContext.load(positionals.length > 0 ? positionals : ['client.yaml'], {
    settings,
  });
  const registry = appContext.get<EtcdDiscovery>('registry');
  console.log(`members: ${registry.urls().join(', ') || '(none yet)'}`);
  registry.on('memberAdded', (url) => {
    console.log(`joined: ${url}`);
  });
  registry.on('memberRemoved', (url) => {
    console.log(`left: ${url}`);
  });
  process.once('SIGINT', () => {
    void appContext.close().then(() => process.exit(0));
  });
  try {
    const service = appContext.get<Greeter>('service');
    return await callRepeatedly(service, Number(values.calls), Number(values.interval), (line) => {
      console.log(line);
    });
  } finally {
    await appContext.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const failed = await main(process.argv.slice(2));
  console.log(`done: ${String(failed)} failed call(s)`);
}
