/**
 * The client code of every step: it asks the context for "service" and calls
 * it. Whether "service" is a local object or a proxy of a remote one is
 * decided by the context files named on the command line, never here.
 *
 *   node --import tsx client.ts applicationContext.xml
 */
import { pathToFileURL } from 'node:url';

import { ApplicationContext } from 'spindle';

import { oneLine, untilServing } from './untilServing.js';

/** What the client needs of the service; a local one answers at once, a remote one with a Promise. */
export interface DataService {
  getData(param: string): string | Promise<string>;
}

/** The seed's one line of client logic. */
export async function printData(service: DataService): Promise<void> {
  console.log(`CLIENT: ${await service.getData('Hello')}`);
}

/** Loads the context files, gets "service", calls it, closes the context (again while no server answers yet). */
export async function main(files: readonly string[]): Promise<void> {
  await untilServing(async () => {
    const appContext = await ApplicationContext.load(files);
    try {
      await printData(appContext.get<DataService>('service'));
    } finally {
      await appContext.close();
    }
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['applicationContext.xml']);
  } catch (error) {
    console.error(`CLIENT: ${oneLine(error)}`);
    process.exitCode = 1;
  }
}
