import { basename } from 'node:path';

import { silentLogger } from '../../../src/common/Logger.js';
import { readContextWithProblems } from '../../../src/config/index.js';
import { builtinClasses } from '../../../src/builtins/builtinClasses.js';
import { ClassRegistry, prepareContext } from '../../../src/container/index.js';
import { ApplicationContext } from '../../../src/index.js';
import { formatProblem, sortProblems } from '../../../src/definitions/ContextProblem.js';
import { SpindleError } from '../../../src/common/SpindleError.js';

/** One problem as `spindle check --json` gives it, the file reduced to its name. */
export interface Reported {
  readonly code: string;
  readonly line: string;
}

/** What `spindle check` reports for `file` (its reader and wiring checks, as the CLI runs them), in its order. */
export async function checkProblems(file: string, classes: ClassRegistry): Promise<Reported[]> {
  const read = await readContextWithProblems([file], { env: {} });
  const registry = ClassRegistry.merge(builtinClasses(), classes);
  const wiring = await prepareContext(read.context, registry, {}, silentLogger);
  return sortProblems([...read.problems, ...wiring.problems], read.context.files).map((problem) => {
    const line = formatProblem(problem);
    return {
      code: problem.code,
      line: line.startsWith(problem.location.file)
        ? `${basename(problem.location.file)}${line.slice(problem.location.file.length)}`
        : line,
    };
  });
}

/** The error `ApplicationContext.load` rejects with (undefined when it started; then it is closed). */
export async function loadError(file: string, classes: ClassRegistry): Promise<SpindleError | undefined> {
  try {
    const context = await ApplicationContext.load(file, { classes, env: {} });
    await context.close();
    return undefined;
  } catch (error) {
    if (error instanceof SpindleError) return error;
    throw error;
  }
}
