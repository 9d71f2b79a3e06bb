/**
 * The seed's "quick demo of the spin service" (example 36.2): ten spins
 * through whatever "wheel" the context files make, one line each.
 *
 *   node --import tsx client.ts client.xml              (against spindle run server.xml)
 *   node --import tsx client.ts server.xml client.xml   (server and client in one process)
 */
import { pathToFileURL } from 'node:url';

import { ApplicationContext } from 'spindle';
import type { Remote } from 'spindle';

import type { WheelService } from './wheel.js';

/** Spins `count` times and prints each outcome as the array it travelled as. */
export async function spinTimes(wheel: Remote<WheelService>, count = 10): Promise<void> {
  for (let i = 0; i < count; i++) {
    console.log(JSON.stringify(await wheel.spin()));
  }
}

/** Loads the context files, gets "wheel", spins ten times, closes the context. */
export async function main(files: readonly string[]): Promise<void> {
  const context = await ApplicationContext.load(files);
  try {
    await spinTimes(context.get<Remote<WheelService>>('wheel'));
  } finally {
    await context.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = process.argv.slice(2);
  await main(files.length > 0 ? files : ['server.xml', 'client.xml']);
}
