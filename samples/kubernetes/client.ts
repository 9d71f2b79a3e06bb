/**
 * A client in the cluster: loads client.yaml, whose pool finds the ready pods
 * of the headless Service through DNS, adds once, then asks which pod answers,
 * call after call, printing it and every pod that joined or left. It never
 * names a pod.
 *
 *   node --import tsx client.ts [client.yaml] [--calls N] [--interval MS] [--set NAMESPACE=shop]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { DnsDiscovery } from 'spindle';
import { ApplicationContext, SpindleError } from 'spindle';

/** What the client needs of the service. */
export interface Calculator {
  add(a: number, b: number): Promise<number>;
  whoAmI(): Promise<string>;
}

/** Loads the context, prints membership changes, calls the pool; returns how many calls failed. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      calls: { type: 'string', default: 'Infinity' },
      interval: { type: 'string', default: '1000' },
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const settings = Object.fromEntries(
    values.set.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const files = positionals.length > 0 ? positionals : ['client.yaml'];
  const appContext = await ApplicationContext.load(files, { settings });
  const discovery = appContext.get<DnsDiscovery>('discovery');
  console.log(`members: ${discovery.urls().join(', ') || '(none yet)'}`);
  discovery.on('memberAdded', (url) => {
    console.log(`joined: ${url}`);
  });
  discovery.on('memberRemoved', (url) => {
    console.log(`left: ${url}`);
  });
  discovery.on('lookupFailed', (reason, kept) => {
    console.log(`DNS lookup failed (${reason}); keeping ${String(kept)} member(s)`);
  });
  process.once('SIGTERM', () => {
    void appContext.close().then(() => process.exit(0));
  });
  const calculator = appContext.get<Calculator>('calculator');
  let failed = 0;
  try {
    console.log(`2 + 3 = ${String(await calculator.add(2, 3))}`);
    for (let i = 0; i < Number(values.calls); i++) {
      try {
        console.log(`call ${String(i)}: ${await calculator.whoAmI()}`);
      } catch (error) {
        failed += 1;
        console.log(
          `call ${String(i)}: ${SpindleError.is(error) ? `${error.code}: ${error.message}` : String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Number(values.interval)));
    }
  } finally {
    await appContext.close();
  }
  return failed;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const failed = await main(process.argv.slice(2));
  console.log(`done: ${String(failed)} failed call(s)`);
}
