import { resolve } from 'node:path';

import { builtinClasses } from '../../builtins/index.js';
import { readContextWithProblems } from '../../config/index.js';
import { prepareContext } from '../../container/index.js';
import type { Command, CommandContext } from '../Command.js';
import { CONTEXT_OPTIONS_USAGE, ContextUsageError, parseContextArguments } from '../contextArguments.js';
import { formatLocation, sortProblems } from '../../definitions/index.js';
import { paintFor } from '../colors.js';
import type { LocatedProblem } from '../formatWiringProblem.js';
import { formatWiringProblem } from '../formatWiringProblem.js';
import { createLogger } from '../../observability/index.js';
import { SourceLines, sourceExcerpt } from '../sourceExcerpt.js';

const usage = `Usage: spindle check [--json] <context>... [--profile P]... [--set key=value]...

Parses and validates context files without starting anything, with the same
checks spindle run makes before it starts: syntax, unknown elements and
attributes, placeholders, refs, cycles, classes (modules are imported, so their
top-level code runs), every option of the built-ins (type, range, allowed
values, URL scheme, required ones, readable TLS files, Basic auth without TLS,
exported methods the service lacks, empty pools), init-method, destroy-method
and factory-method of your classes, factory-beans, aliases (clashes, cycles),
autowired arguments and properties (missing or ambiguous candidates),
constructor arguments, ports shared by exporters. Prints every problem on stdout as

  file:line:col: [objectId] message
    line | the source line
         |      ^ (under the column)

then exits 1; or prints "ok: N objects in M file(s)" and exits 0. Colour only
on a terminal, never when NO_COLOR is set.

${CONTEXT_OPTIONS_USAGE}  --json             one line of JSON instead: {"ok", "objects", "files", "problems":
                     [{"file", "line", "column", "objectId"?, "code", "message"}]}; "code" is
                     the reader's kebab-case code (dangling-ref) or the container's
                     SPINDLE_CONTAINER_… code

Exit codes: 0 valid, 1 problems found, 2 usage error.

Examples:
  spindle check server.xml
  spindle check server.xml client.xml --profile dev --set PORT=7000
  spindle check --json server.yaml | jq '.problems[].message'
`;

/** One problem as `--json` prints it. */
function problemJson(problem: LocatedProblem): Record<string, unknown> {
  return {
    file: problem.location.file,
    line: problem.location.line,
    column: problem.location.column,
    ...(problem.objectId === undefined ? {} : { objectId: problem.objectId }),
    code: problem.code,
    message: problem.message,
  };
}

/** `spindle check <context>...` */
export const checkCommand: Command = {
  name: 'check',
  summary: 'validate context files without starting anything',
  usage,
  async run(context: CommandContext): Promise<number> {
    let args;
    try {
      args = parseContextArguments(context.argv, { json: { type: 'boolean' } });
    } catch (error) {
      if (!(error instanceof ContextUsageError)) throw error;
      context.stderr.write(`spindle check: ${error.message}\n\n${usage}`);
      return 2;
    }
    const logger = createLogger({
      stream: context.stderr,
      level: args.logLevel === 'info' ? 'warn' : args.logLevel,
    });
    const read = await readContextWithProblems(args.files, {
      profiles: args.profiles,
      settings: args.settings,
      logger,
    });
    const wiring = await prepareContext(read.context, builtinClasses(), args.settings, logger);
    const files = [...args.files.map((file) => resolve(file)), ...read.context.files];
    // A missing placeholder is reported by the reader; the value it leaves is not reported again.
    const placeholders = new Set(
      read.problems
        .filter((problem) => problem.code === 'missing-placeholder')
        .map((problem) => formatLocation(problem.location)),
    );
    const wiringProblems = wiring.problems.filter(
      (problem) => !placeholders.has(formatLocation(problem.location)),
    );
    const problems = sortProblems([...read.problems, ...wiringProblems], files);
    const count = read.context.objects.size;
    if (args.values['json'] === true) {
      const report = {
        ok: problems.length === 0,
        objects: count,
        files: read.context.files.length,
        problems: problems.map(problemJson),
      };
      context.stdout.write(`${JSON.stringify(report)}\n`);
      return problems.length === 0 ? 0 : 1;
    }
    const paint = paintFor(context.stdout);
    const sources = new SourceLines();
    for (const problem of problems) {
      // Exactly formatWiringProblem's line, with the location in bold on a terminal.
      const where = `${formatLocation(problem.location)}:`;
      const first = paint.bold(where) + formatWiringProblem(problem).slice(where.length);
      const lines = [first, ...sourceExcerpt(problem.location, sources, paint)];
      context.stdout.write(`${lines.join('\n')}\n`);
    }
    if (problems.length > 0) return 1;
    context.stdout.write(
      `ok: ${String(count)} object${count === 1 ? '' : 's'} in ${String(read.context.files.length)} file(s)\n`,
    );
    return 0;
  },
};
