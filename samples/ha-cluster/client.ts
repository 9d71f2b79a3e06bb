/**
 * The pooled client: asks the context for "service" and keeps calling it,
 * printing which replica answered, or the error when none could. Kill
 * replicas while it runs: the calls keep going.
 *
 *   node --import tsx client.ts client.xml [--profile replicas] [--calls N] [--interval MS]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { ApplicationContext, SpindleError } from 'spindle';

/** What the client needs of the service. */
export interface ClusterService {
  getData(param: string): Promise<string>;
  whoAmI(): Promise<string>;
}

/** Makes `calls` calls `intervalMs` apart (forever when `calls` is Infinity); returns how many failed. */
export async function callRepeatedly(
  service: ClusterService,
  calls: number,
  intervalMs: number,
  print: (line: string) => void,
): Promise<number> {
  let failed = 0;
  for (let i = 0; i < calls; i++) {
    try {
      print(`call ${i}: ${await service.getData(`Hello ${i}`)} from ${await service.whoAmI()}`);
    } catch (error) {
      failed += 1;
      print(`call ${i}: ${SpindleError.is(error) ? `${error.code}: ${error.message}` : String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return failed;
}

/** Loads the context files, calls the pooled service, closes the context. */
export async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      profile: { type: 'string', multiple: true, default: [] },
      calls: { type: 'string', default: 'Infinity' },
      interval: { type: 'string', default: '500' },
    },
  });
  const appContext = await ApplicationContext.load(positionals.length > 0 ? positionals : ['client.xml'], {
    profiles: values.profile,
  });
  process.once('SIGINT', () => {
    void appContext.close().then(() => process.exit(0));
  });
  try {
    const service = appContext.get<ClusterService>('service');
    await callRepeatedly(service, Number(values.calls), Number(values.interval), (line) => {
      console.log(line);
    });
  } finally {
    await appContext.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
