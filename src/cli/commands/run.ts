import { ApplicationContext } from '../../builtins/index.js';
import type { Logger } from '../../common/Logger.js';
import { SpindleError } from '../../common/SpindleError.js';
import { XmlRpcServiceExporter } from '../../exporter/XmlRpcServiceExporter.js';
import type { Command, CommandContext } from '../Command.js';
import type { ContextArguments } from '../contextArguments.js';
import { CONTEXT_OPTIONS_USAGE, ContextUsageError, parseContextArguments } from '../contextArguments.js';
import { formatWiringProblem } from '../formatWiringProblem.js';
import { messageWithCause } from '../messageWithCause.js';
import { Observability } from '../../observability/Observability.js';
import { createLogger } from '../../observability/createLogger.js';
import {
  OBSERVABILITY_OPTIONS_USAGE,
  takeObservabilityOptions,
} from '../../observability/takeObservabilityOptions.js';
import { replicaObservabilityArgs } from '../replicas/replicaObservabilityArgs.js';
import { runReplicas } from '../replicas/runReplicas.js';
import { takeReplicasOption } from '../replicas/takeReplicasOption.js';

const usage = `Usage: spindle run <context>... [--profile P]... [--set key=value]... [--log-level L] [--replicas N]
                   [--metrics H:P] [--status H:P] [--log-format json|pretty]

Loads the context files, creates every object (each exporter starts serving),
prints where each exporter listens, and keeps running until SIGINT or SIGTERM;
then stops accepting, drains in-flight calls and destroys the objects in
reverse dependency order. With --log-level debug the wiring is logged as it
happens (files read, overrides, objects created, exporters started).
With --replicas N it starts N processes of the same context instead: replica
i runs with --set replica=i (and SPINDLE_REPLICA=i) and serves every exporter
on servicePort + i, its metrics on the --metrics port + i and its status page
on the --status port + i; a replica that dies is restarted with a growing delay;
SIGINT or SIGTERM stops them all gracefully.
Logs are JSON lines (pretty on a terminal); every call line carries service,
method, member and the request id also sent as X-Request-Id. Secrets
(passwords, keys, Authorization, URL userinfo) are never logged.

${CONTEXT_OPTIONS_USAGE}  --replicas N       start N processes of the context (replica i listens on every port + i)
${OBSERVABILITY_OPTIONS_USAGE}
Exit codes: 0 stopped gracefully, 1 the context failed to load or close, 2 usage error.

Examples:
  spindle run server.xml
  spindle run server.xml --set PORT=7001 --log-level debug
  spindle run --replicas 3 server.xml
  spindle run --replicas 3 server.xml --metrics 127.0.0.1:9464 --status 127.0.0.1:8080
  spindle run client.xml --metrics 127.0.0.1:9464 --status 127.0.0.1:8080
`;

/** Prints the load failure: every problem of a bad context, or the failing object's error. */
function reportLoadError(error: unknown, stderr: NodeJS.WritableStream): void {
  const problems =
    SpindleError.is(error) && 'problems' in error && Array.isArray(error.problems)
      ? (error.problems as Parameters<typeof formatWiringProblem>[0][])
      : [];
  if (problems.length > 0) {
    for (const problem of problems) stderr.write(`${formatWiringProblem(problem)}\n`);
    return;
  }
  stderr.write(`spindle run: ${messageWithCause(error)}\n`);
}

/** Resolves on the first SIGINT or SIGTERM, with its name. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Loads, serves until a signal, closes. Exit code 0 after a graceful stop, 1 when loading fails. */
export async function serveContext(
  args: ContextArguments,
  context: CommandContext,
  logger: Logger,
  observability?: Observability,
): Promise<number> {
  let ctx: ApplicationContext;
  try {
    ctx = await ApplicationContext.load(args.files, {
      profiles: args.profiles,
      settings: args.settings,
      logger,
    });
  } catch (error) {
    reportLoadError(error, context.stderr);
    await observability?.close();
    return 1;
  }
  try {
    await observability?.attach(ctx);
  } catch (error) {
    reportLoadError(error, context.stderr);
    await ctx.close().catch(() => undefined);
    return 1;
  }
  if (observability?.metricsUrl !== undefined)
    context.stdout.write(`spindle: metrics at ${observability.metricsUrl}\n`);
  if (observability?.statusUrl !== undefined)
    context.stdout.write(`spindle: status page at ${observability.statusUrl}\n`);
  for (const [id, definition] of ctx.definitions()) {
    if (definition.abstract || definition.lazyInit || definition.scope !== 'singleton') continue;
    const object = ctx.get(id);
    if (object instanceof XmlRpcServiceExporter) {
      context.stdout.write(
        `spindle: '${id}' serving ${object.url ?? '?'} (methods: ${object.methods.join(', ')})\n`,
      );
    }
  }
  const signal = nextSignal();
  context.stdout.write(`spindle: running (${String(ctx.definitions().size)} objects); stop with Ctrl-C\n`);
  const received = await signal;
  logger.info(`received ${received}; shutting down`);
  try {
    await ctx.close();
  } catch (error) {
    reportLoadError(error, context.stderr);
    await observability?.close();
    return 1;
  }
  await observability?.close();
  context.stdout.write('spindle: stopped\n');
  return 0;
}

/** `spindle run <context>...` */
export const runCommand: Command = {
  name: 'run',
  summary: 'load context files, start every exporter, serve until SIGINT/SIGTERM',
  usage,
  async run(context: CommandContext): Promise<number> {
    let args: ContextArguments;
    let observed: ReturnType<typeof takeObservabilityOptions>;
    try {
      const replicas = takeReplicasOption(context.argv);
      observed = takeObservabilityOptions(replicas.rest);
      if (replicas.count !== undefined) {
        parseContextArguments(observed.rest); // report usage errors once, not once per replica
        const addresses = replicaObservabilityArgs(replicas.count, observed);
        const shared = observed.logFormat === undefined ? [] : ['--log-format', observed.logFormat];
        return await runReplicas(replicas.count, [...observed.rest, ...shared], context, addresses);
      }
      args = parseContextArguments(observed.rest);
    } catch (error) {
      if (
        !(error instanceof ContextUsageError) &&
        !(SpindleError.is(error) && error.code === 'SPINDLE_INVALID_ARGUMENT')
      ) {
        throw error;
      }
      context.stderr.write(`spindle run: ${error.message}\n\n${usage}`);
      return 2;
    }
    const logger = createLogger({
      stream: context.stderr,
      level: args.logLevel,
      ...(observed.logFormat === undefined ? {} : { format: observed.logFormat }),
    });
    const observability = new Observability({
      logger,
      ...(observed.metrics === undefined ? {} : { metrics: observed.metrics }),
      ...(observed.status === undefined ? {} : { status: observed.status }),
    });
    return serveContext(args, context, logger, observability);
  },
};
