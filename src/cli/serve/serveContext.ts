import { ApplicationContext } from '../../builtins/index.js';
import type { Logger } from '../../common/index.js';
import { SpindleError } from '../../common/index.js';
import type { Observability } from '../../observability/index.js';
// Internal (stripped from the published types), so not on the exporter index.
// eslint-disable-next-line no-restricted-imports
import { setServerDefaults } from '../../exporter/sharedServers.js';
import { Readiness } from '../../transport/server/index.js';
import type { CommandContext } from '../Command.js';
import type { ContextArguments } from '../contextArguments.js';
import { formatWiringProblem } from '../formatWiringProblem.js';
import { messageWithCause } from '../messageWithCause.js';
import { describeRunningCalls, InFlightCalls } from './InFlightCalls.js';
import { readyLine, servingOf } from './readyLine.js';
import { watchParent } from './watchParent.js';

/** While stopping, how often `spindle run` says which calls it still waits for, in milliseconds. */
const WAITING_REPORT_MS = 5000;

/** Why the context stops: a signal, or the parent process going away (handled like SIGTERM). */
type StopReason = { readonly signal: NodeJS.Signals; readonly why: string; readonly parentGone?: boolean };

/** Exit code of a process ended by `signal`, as a shell reports it (SIGHUP 129, SIGINT 130, SIGTERM 143). */
function signalExitCode(signal: NodeJS.Signals): number {
  if (signal === 'SIGHUP') return 129;
  return signal === 'SIGINT' ? 130 : 143;
}

/** Prints the load failure: every problem of a bad context, or the failing object's error. */
export function reportLoadError(error: unknown, stderr: NodeJS.WritableStream): void {
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

/** Output nobody reads any more (the terminal closed, the parent died) must not crash the drain with EPIPE or EIO. */
function ignoreOutputErrors(): void {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
}

/**
 * Resolves on the first SIGINT, SIGTERM or SIGHUP, or when the parent process
 * is gone. A hangup (the terminal `spindle run` was started from closed) stops
 * it gracefully, like SIGTERM, where Node's default would end it mid-call.
 */
function nextStop(): Promise<StopReason> {
  return new Promise((resolve) => {
    const stop = (reason: StopReason): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      unwatch();
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signal === 'SIGHUP') ignoreOutputErrors();
      stop({ signal, why: signal === 'SIGHUP' ? 'SIGHUP (the terminal closed)' : signal });
    };
    const unwatch = watchParent((why) => {
      ignoreOutputErrors();
      stop({ signal: 'SIGTERM', why, parentGone: true });
    });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  });
}

/**
 * Loads, serves until a signal, closes. Prints one ready line once every
 * exporter listens and every etcd registration is written; a context with no
 * exporter runs as a worker until a signal. After the first SIGINT/SIGTERM it
 * drains, saying which calls it waits for; a second one exits at once.
 * Every server the context starts answers `/healthz` and `/readyz`, ready
 * from the ready line until the stop; `drainDelayMs` keeps serving that long
 * after the stop signal (readiness 503) before closing.
 * Resolves to 0 after a graceful stop, 1 when loading or closing fails.
 */
export async function serveContext(
  args: ContextArguments,
  context: CommandContext,
  logger: Logger,
  observability?: Observability,
  drainDelayMs = 0,
): Promise<number> {
  // One readiness for every server of the process: 503 until the whole context is up.
  const readiness = new Readiness();
  setServerDefaults({ health: true, readiness });
  try {
    return await serveUntilStopped(args, context, logger, observability, drainDelayMs, readiness);
  } finally {
    // The CLI can run in-process (tests, embedding): servers made later are not this run's.
    setServerDefaults({});
  }
}

async function serveUntilStopped(
  args: ContextArguments,
  context: CommandContext,
  logger: Logger,
  observability: Observability | undefined,
  drainDelayMs: number,
  readiness: Readiness,
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
  const serving = servingOf(ctx);
  for (const exporter of serving.exporters) {
    context.stdout.write(
      `spindle: '${exporter.id}' serving ${exporter.url} (methods: ${exporter.methods.join(', ')})\n`,
    );
  }
  const calls = new InFlightCalls();
  const stopped = nextStop();
  // A worker context may hold nothing that keeps Node's event loop alive; it still runs until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  readiness.ready();
  context.stdout.write(`${readyLine(serving)}\n`);
  const reason = await stopped;
  readiness.drain();
  clearInterval(keepAlive);
  logger.info(`${reason.why === reason.signal ? `received ${reason.signal}` : reason.why}; shutting down`);
  const forced = forceOnSecondSignal(context.stdout, calls);
  // Stopped because the parent is gone: nobody routes traffic here any more, so no delay.
  if (drainDelayMs > 0 && serving.exporters.length > 0 && reason.parentGone !== true) {
    context.stdout.write(
      `spindle: draining; /readyz answers 503; still serving for ${String(drainDelayMs)} ms before stopping\n`,
    );
    await drainDelay(drainDelayMs);
  }
  const waiting = reportWaiting(context.stdout, calls);
  try {
    await ctx.close();
  } catch (error) {
    reportLoadError(error, context.stderr);
    await observability?.close();
    return 1;
  } finally {
    clearInterval(waiting);
    forced();
    calls.close();
  }
  await observability?.close();
  context.stdout.write('spindle: stopped\n');
  return 0;
}

/**
 * Waits `ms` while the process keeps serving, or less when the parent process
 * goes away meanwhile (a supervisor's death must not leave a replica behind
 * for the whole delay). A second signal still exits at once (`forceOnSecondSignal`).
 */
function drainDelay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      unwatch();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unwatch = watchParent(done);
  });
}

/** Says at once, then every few seconds, which calls the drain still waits for. */
function reportWaiting(stdout: NodeJS.WritableStream, calls: InFlightCalls): NodeJS.Timeout {
  const report = (): void => {
    const running = calls.list();
    if (running.length === 0) return;
    stdout.write(
      `spindle: stopping; waiting for ${describeRunningCalls(running)}; press Ctrl-C again to stop at once\n`,
    );
  };
  report();
  const timer = setInterval(report, WAITING_REPORT_MS);
  timer.unref();
  return timer;
}

/**
 * A second SIGINT/SIGTERM while draining exits at once; a SIGHUP does not (a
 * terminal closing during the drain must not cut it short, and without a
 * listener Node would end the process at once). Returns a function that stops
 * listening.
 */
function forceOnSecondSignal(stdout: NodeJS.WritableStream, calls: InFlightCalls): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    const running = calls.list();
    const left = running.length === 0 ? '' : ` (abandoning ${describeRunningCalls(running)})`;
    stdout.write(`spindle: second ${signal}; exiting now${left}\n`);
    process.exit(signalExitCode(signal));
  };
  const onHangup = (): void => {
    ignoreOutputErrors();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onHangup);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onHangup);
  };
}
