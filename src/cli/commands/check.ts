import { resolve } from 'node:path';

import { builtinClasses } from '../../builtins/builtinClasses.js';
import { readContextWithProblems } from '../../config/readContext.js';
import { prepareContext } from '../../container/prepareContext.js';
import type { Command, CommandContext } from '../Command.js';
import { CONTEXT_OPTIONS_USAGE, ContextUsageError, parseContextArguments } from '../contextArguments.js';
import { formatWiringProblem, sortLocated } from '../formatWiringProblem.js';
import { levelLogger } from '../levelLogger.js';

const usage = `Usage: spindle check <context>... [--profile P]... [--set key=value]...

Parses and validates context files without starting anything: syntax, unknown
elements and attributes, placeholders, refs, cycles, classes (modules are
imported), properties of the built-ins and their types, ports shared by
exporters. Exits 0 when all is well, or 1 printing every problem as
file:line:col: [objectId] message.

${CONTEXT_OPTIONS_USAGE}
Examples:
  spindle check server.xml
  spindle check server.xml client.xml --profile dev --set PORT=7000
`;

/** `spindle check <context>...` */
export const checkCommand: Command = {
  name: 'check',
  summary: 'validate context files without starting anything',
  usage,
  async run(context: CommandContext): Promise<number> {
    let args;
    try {
      args = parseContextArguments(context.argv);
    } catch (error) {
      if (!(error instanceof ContextUsageError)) throw error;
      context.stderr.write(`spindle check: ${error.message}\n\n${usage}`);
      return 2;
    }
    const logger = levelLogger(context.stderr, args.logLevel === 'info' ? 'warn' : args.logLevel);
    const read = await readContextWithProblems(args.files, {
      profiles: args.profiles,
      settings: args.settings,
      logger,
    });
    const wiring = await prepareContext(read.context, builtinClasses(), args.settings, logger);
    const files = [...args.files.map((file) => resolve(file)), ...read.context.files];
    const problems = sortLocated([...read.problems, ...wiring.problems], files);
    for (const problem of problems) context.stdout.write(`${formatWiringProblem(problem)}\n`);
    if (problems.length > 0) return 1;
    const count = read.context.objects.size;
    context.stdout.write(
      `ok: ${String(count)} object${count === 1 ? '' : 's'} in ${String(read.context.files.length)} file(s)\n`,
    );
    return 0;
  },
};
