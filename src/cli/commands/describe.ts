import { Fault } from '../../codec/index.js';
import type { Invoker } from '../../rpc/index.js';
import { MultiCallResults } from '../../proxy/index.js';
import { CLIENT_OPTIONS_USAGE, UsageError } from '../clientArguments.js';
import type { Command, CommandContext } from '../Command.js';
import { runClientCommand } from '../runClientCommand.js';

const usage = `Usage: spindle describe [options] <url>

Lists every method of an XML-RPC server with its signatures and help, through
introspection (system.listMethods, system.methodSignature, system.methodHelp; one
system.multicall when the server has it). With --json: one array of
{"name", "signatures", "help"}, where signatures is an array of [result, param...]
type lists, or null when the server does not declare them.

${CLIENT_OPTIONS_USAGE}
Exit codes: 0 methods printed, 1 fault or failed call, 2 usage error.

Examples:
  spindle describe http://127.0.0.1:8000/
  spindle describe --json https://host/RPC2 --ca ca.pem | jq '.[].name'
`;

/** One described method. */
interface MethodDescription {
  readonly name: string;
  readonly signatures: readonly (readonly string[])[] | null;
  readonly help: string;
}

/** `spindle describe <url>` */
export const describeCommand: Command = {
  name: 'describe',
  summary: "list a server's methods with signatures and help",
  usage,
  run(context: CommandContext): Promise<number> {
    return runClientCommand(context, describeCommand, (parsed) => {
      const [url, extra] = parsed.positionals;
      if (url === undefined || extra !== undefined) throw new UsageError('expected exactly one <url>');
      return {
        url,
        run: async (invoker) => {
          const methods = await describeAll(invoker);
          context.stdout.write(
            parsed.json ? `${JSON.stringify(methods)}\n` : methods.map(formatMethod).join(''),
          );
        },
      };
    });
  },
};

async function describeAll(invoker: Invoker): Promise<MethodDescription[]> {
  const listed = await invoker.invoke('system.listMethods', []);
  if (!Array.isArray(listed)) throw new Fault(-32600, 'system.listMethods did not answer an array');
  const names = listed.map(String);
  const answers = await fetchDetails(invoker, names);
  return names.map((name, index) => ({
    name,
    signatures: toSignatures(answers[2 * index]),
    help: typeof answers[2 * index + 1] === 'string' ? (answers[2 * index + 1] as string) : '',
  }));
}

/** Signature and help of every method: one multicall, or one call each when the server has none. */
async function fetchDetails(invoker: Invoker, names: readonly string[]): Promise<unknown[]> {
  try {
    const calls = names.flatMap((name) => [
      { methodName: 'system.methodSignature', params: [name] },
      { methodName: 'system.methodHelp', params: [name] },
    ]);
    const answer = await invoker.invoke('system.multicall', [calls]);
    if (Array.isArray(answer) && answer.length === calls.length) {
      const results = new MultiCallResults(answer, invoker.description);
      return calls.map((_, index) => settle(() => results.at(index)));
    }
  } catch (error) {
    // No system.multicall on this server: ask one method at a time.
    if (!(error instanceof Fault)) throw error;
  }
  const answers: unknown[] = [];
  for (const name of names) {
    answers.push(await invoker.invoke('system.methodSignature', [name]).catch(faultToUndefined));
    answers.push(await invoker.invoke('system.methodHelp', [name]).catch(faultToUndefined));
  }
  return answers;
}

function settle(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    faultToUndefined(error);
    return undefined;
  }
}

function faultToUndefined(error: unknown): undefined {
  if (!(error instanceof Fault)) throw error;
  return undefined;
}

function toSignatures(value: unknown): readonly (readonly string[])[] | null {
  if (!Array.isArray(value)) return null;
  const signatures = value
    .filter((item): item is unknown[] => Array.isArray(item))
    .map((item) => item.map(String));
  return signatures.length === 0 ? null : signatures;
}

function formatMethod(method: MethodDescription): string {
  const lines =
    method.signatures === null
      ? [`${method.name}(...)`]
      : method.signatures.map(
          ([result, ...params]) => `${method.name}(${params.join(', ')}) -> ${result ?? 'undef'}`,
        );
  const help = method.help.trim();
  const helpLines = help === '' ? [] : help.split('\n').map((line) => `    ${line}`);
  return `${[...lines, ...helpLines].join('\n')}\n\n`;
}
