import { SpindleError } from '../../common/index.js';
import type { Command, CommandContext } from '../Command.js';
import type { ContextArguments } from '../contextArguments.js';
import { CONTEXT_OPTIONS_USAGE, ContextUsageError, parseContextArguments } from '../contextArguments.js';
import {
  createLogger,
  Observability,
  OBSERVABILITY_OPTIONS_USAGE,
  takeObservabilityOptions,
} from '../../observability/index.js';
import { replicaObservabilityArgs } from '../replicas/replicaObservabilityArgs.js';
import { runReplicas } from '../replicas/runReplicas.js';
import { takeReplicasOption } from '../replicas/takeReplicasOption.js';
import { serveContext } from '../serve/serveContext.js';
import { takeDrainDelay } from '../serve/takeDrainDelay.js';

const usage = `Usage: spindle run <context>... [--profile P]... [--set key=value]... [--log-level L] [--replicas N]
                   [--metrics H:P] [--status H:P] [--log-format json|pretty] [--drain-delay MS]

Loads the context files, creates every object (each exporter starts serving),
prints where each exporter listens, then one line starting 'spindle: ready'
once every exporter listens and every etcd registration is written (wait for
it before starting clients). A context with no exporter keeps running as a
worker. It runs until SIGINT, SIGTERM or SIGHUP; then stops accepting, drains in-flight
calls (saying which ones it waits for) and destroys the objects in reverse
dependency order; a second Ctrl-C exits at once. Started by npm/npx, it also
stops when its parent process is gone. With --log-level debug the wiring is
logged as it happens (files read, overrides, objects created, exporters started).
With --replicas N it starts N processes of the same context instead: replica
i runs with --set replica=i (and SPINDLE_REPLICA=i) and serves every exporter
on servicePort + i, its metrics on the --metrics port + i and its status page
on the --status port + i; 'spindle: ready — N replicas' follows once all are
ready. A replica that dies is restarted with a growing delay; one that fails to
start 5 times in a row (exits before its ready line) stops them all (exit 1).
SIGINT, SIGTERM or SIGHUP stops them all gracefully; so does the supervisor's death.
Every server it starts answers GET /healthz (200 while the process serves)
and GET /readyz (200 once ready; 503 while starting and from SIGTERM on),
for Kubernetes probes and load balancers; no auth, not counted as calls.
With --drain-delay MS it keeps serving for MS milliseconds after SIGTERM,
/readyz answering 503, before it stops accepting and drains (a second signal
or the parent's death ends the delay at once).
Logs are JSON lines (pretty on a terminal); every call line carries service,
method, member and the request id also sent as X-Request-Id. Secrets
(passwords, keys, Authorization, URL userinfo) are never logged.

${CONTEXT_OPTIONS_USAGE}  --replicas N       start N processes of the context (replica i listens on every port + i)
  --drain-delay MS   after SIGTERM keep serving MS ms with /readyz 503 before draining (default 0)
${OBSERVABILITY_OPTIONS_USAGE}
A second SIGINT/SIGTERM during the drain exits at once with 130/143.
Exit codes: 0 stopped gracefully, 1 the context failed to load or close (or a replica kept failing to start), 2 usage error.

Examples:
  spindle run server.xml
  spindle run server.xml --set PORT=7001 --log-level debug
  spindle run --replicas 3 server.xml
  spindle run --replicas 3 server.xml --metrics 127.0.0.1:9464 --status 127.0.0.1:8080
  spindle run client.xml --metrics 127.0.0.1:9464 --status 127.0.0.1:8080
`;

/** `spindle run <context>...` */
export const runCommand: Command = {
  name: 'run',
  summary: 'load context files, start every exporter, serve until SIGINT/SIGTERM',
  usage,
  async run(context: CommandContext): Promise<number> {
    let args: ContextArguments;
    let observed: ReturnType<typeof takeObservabilityOptions>;
    let drainDelayMs: number;
    try {
      const replicas = takeReplicasOption(context.argv);
      const drain = takeDrainDelay(replicas.rest);
      drainDelayMs = drain.drainDelayMs;
      observed = takeObservabilityOptions(drain.rest);
      if (replicas.count !== undefined) {
        parseContextArguments(observed.rest); // report usage errors once, not once per replica
        const addresses = replicaObservabilityArgs(replicas.count, observed);
        const shared = [
          ...(observed.logFormat === undefined ? [] : ['--log-format', observed.logFormat]),
          ...(drainDelayMs === 0 ? [] : ['--drain-delay', String(drainDelayMs)]),
        ];
        return await runReplicas(
          replicas.count,
          [...observed.rest, ...shared],
          context,
          addresses,
          drainDelayMs,
        );
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
    return serveContext(args, context, logger, observability, drainDelayMs);
  },
};
