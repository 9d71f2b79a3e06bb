import type { Command } from '../Command.js';

/**
 * Every CLI command, loaded on demand so `spindle call` does not pay for the
 * container. Add one line per command.
 */
export const commands: ReadonlyMap<string, () => Promise<Command>> = new Map<string, () => Promise<Command>>([
  ['call', async () => (await import('./call.js')).callCommand],
  ['run', async () => (await import('./run.js')).runCommand],
  ['check', async () => (await import('./check.js')).checkCommand],
  ['describe', async () => (await import('./describe.js')).describeCommand],
  ['bridge', async () => (await import('./bridge.js')).bridgeCommand],
]);
