import { SpindleError } from '../common/index.js';
import type { Invoker } from '../rpc/index.js';
// Not the observability index: it loads pino and prom-client, which `spindle call` must not (test/entries).
// eslint-disable-next-line no-restricted-imports
import { CallRecorder } from '../observability/CallRecorder.js';
import { createInvoker } from '../proxy/index.js';
import type { ClientArguments } from './clientArguments.js';
import { parseClientArguments, UsageError } from './clientArguments.js';
import type { CommandContext } from './Command.js';
import { reportCallError } from './reportCallError.js';

/** What a client command does once its arguments are read. */
export interface ClientCommandPlan {
  /** The server to talk to. */
  readonly url: string;
  /** Talks to the server through `invoker` and writes the output (the invoker is closed afterwards). */
  readonly run: (invoker: Invoker) => Promise<void>;
}

/**
 * The frame every command that talks to one server shares (`call`,
 * `describe`): parse the client options, let `plan` read the positionals,
 * make an invoker for its URL, run it and close the invoker. A usage error
 * (a `UsageError` or an invalid argument while planning) prints the usage
 * and exits 2; a fault or failed call is reported by `reportCallError` and
 * exits 1; success exits 0.
 */
export async function runClientCommand(
  context: CommandContext,
  command: { readonly name: string; readonly usage: string },
  plan: (parsed: ClientArguments) => ClientCommandPlan | Promise<ClientCommandPlan>,
): Promise<number> {
  let json = false;
  try {
    const parsed = await parseClientArguments(context.argv, context.stderr);
    json = parsed.json;
    const { url, run } = await plan(parsed);
    // Naive date-times: a zone-less dateTime is printed as the server wrote it, never shifted to a zone.
    const invoker = createInvoker(url, { decoding: { dateTimes: 'naive' }, ...parsed.options });
    // The same call lines as `spindle run` (service, method, requestId, outcome) when asked.
    const recorder = parsed.callLogger === undefined ? undefined : new CallRecorder(parsed.callLogger);
    recorder?.start();
    try {
      await run(invoker);
      return 0;
    } catch (error) {
      return reportCallError(error, json, context, command.name);
    } finally {
      recorder?.stop();
      await invoker.close();
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (SpindleError.is(error) && error.code === 'SPINDLE_INVALID_ARGUMENT')
    ) {
      context.stderr.write(`spindle ${command.name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    return reportCallError(error, json, context, command.name);
  }
}
