import { CLIENT_OPTIONS_USAGE, UsageError } from '../clientArguments.js';
import type { Command, CommandContext } from '../Command.js';
import { parseCallArgument } from '../parseCallArgument.js';
import { runClientCommand } from '../runClientCommand.js';
import { toJsonValue } from '../toJsonValue.js';

const usage = `Usage: spindle call [options] <url> <method> [arg]...
       spindle call [options] <url> <method> -      (arguments as a JSON array on stdin)

Makes one XML-RPC call and prints the result as JSON. A fault prints faultCode and
faultString and exits 1; a network, TLS or HTTP failure exits 1 with its error code.

Each arg is JSON ('"text"', 42, '{"a":1}', '[1,2]', true) or a typed form:
  int:5  i8:9007199254740993  double:2  bool:true  string:any text
  base64:aGk=  date:2026-01-02T03:04:05 (naive)  date:2026-01-02T03:04:05Z  nil
Results use the same JSON forms for what JSON lacks: {"$base64": "aGk="},
{"$i8": "9007199254740993"}, {"$dateTime": "20260102T03:04:05"}; these forms are
also read inside JSON arguments.

${CLIENT_OPTIONS_USAGE}
Exit codes: 0 result printed, 1 fault or failed call, 2 usage error.

Examples:
  spindle call http://127.0.0.1:8000/ add 2 3
  spindle call http://127.0.0.1:8000/ examples.getStateName int:41
  spindle call --json https://host/RPC2 echo '{"name":"x","data":{"$base64":"aGk="}}'
  echo '[7, 3]' | spindle call http://127.0.0.1:8000/ add -
  spindle call --log-level debug http://127.0.0.1:8000/ add 2 3 2>calls.log
`;

/** `spindle call <url> <method> [arg]...` */
export const callCommand: Command = {
  name: 'call',
  summary: 'make one XML-RPC call and print the result as JSON',
  usage,
  run(context: CommandContext): Promise<number> {
    return runClientCommand(context, callCommand, async (parsed) => {
      const [url, method, ...args] = parsed.positionals;
      if (url === undefined || method === undefined) throw new UsageError('expected <url> <method> [arg]...');
      const params =
        args.length === 1 && args[0] === '-'
          ? await readStdinArguments(context.stdin)
          : args.map((arg, index) => parseCallArgument(arg, index + 1));
      return {
        url,
        run: async (invoker) => {
          const json = toJsonValue(await invoker.invoke(method, params));
          context.stdout.write(`${parsed.json ? JSON.stringify(json) : JSON.stringify(json, null, 2)}\n`);
        },
      };
    });
  },
};

/** `-`: the whole of stdin is one JSON array of arguments (with the `$` forms). */
async function readStdinArguments(stdin: NodeJS.ReadableStream): Promise<unknown[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  let values: unknown;
  try {
    values = JSON.parse(text) as unknown;
  } catch {
    throw new UsageError('stdin is not JSON (expected an array of arguments)');
  }
  if (!Array.isArray(values)) throw new UsageError('stdin must hold a JSON array of arguments');
  return values.map((value, index) => parseCallArgument(JSON.stringify(value), index + 1));
}
