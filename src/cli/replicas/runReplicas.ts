import { fileURLToPath } from 'node:url';

import type { CommandContext } from '../Command.js';
import { ReplicaSupervisor } from './ReplicaSupervisor.js';

/** The `spindle` program, so each replica runs the same CLI as its supervisor. */
const spindleBin = fileURLToPath(new URL('../../../../bin/spindle.js', import.meta.url));

/** While the replicas stop, a hangup changes nothing: the output it would have gone to is gone. */
function ignoreHangup(): void {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
}

/**
 * `spindle run --replicas N <context>...`: runs `spindle run <context>... --set
 * replica=i` for i in 0..N-1 (the exporter descriptor serves on
 * `servicePort + replica`), restarts a replica that dies, and on SIGINT,
 * SIGTERM or SIGHUP stops them all gracefully. `runArgs` are the `run` arguments
 * without `--replicas`; `replicaArgs` adds replica i's own arguments (its
 * `--metrics`/`--status` addresses); `drainDelayMs` (their `--drain-delay`) is added to the
 * time each gets to stop before SIGKILL. Prints `spindle: ready — N replicas`
 * once each has printed its own ready line. A replica that fails to start 5
 * times in a row stops them all. Resolves to the exit code once every
 * replica is gone: 0 after a signal, 1 after such a crash loop.
 */
export async function runReplicas(
  count: number,
  runArgs: readonly string[],
  context: CommandContext,
  replicaArgs: (replica: number) => readonly string[] = () => [],
  drainDelayMs = 0,
): Promise<number> {
  const supervisor = new ReplicaSupervisor({
    count,
    // A replica keeps serving `--drain-delay` after SIGTERM, then drains: it gets both before SIGKILL.
    stopTimeoutMs: 30_000 + drainDelayMs,
    args: (replica) => [
      spindleBin,
      'run',
      ...runArgs,
      ...replicaArgs(replica),
      '--set',
      `replica=${replica}`,
    ],
    stdout: context.stdout,
    stderr: context.stderr,
  });
  supervisor.on('start', (replica, pid) => {
    context.stderr.write(`spindle: replica ${replica} started (pid ${pid})\n`);
  });
  // One line once every replica has been ready at least once: what a user or a script waits for.
  const ready = new Set<number>();
  supervisor.on('ready', (replica) => {
    if (ready.size === count) return;
    ready.add(replica);
    if (ready.size === count) {
      context.stdout.write(`spindle: ready — ${count} replica${count === 1 ? '' : 's'}; stop with Ctrl-C\n`);
    }
  });
  let exitCode = 0;
  const stopped = new Promise<void>((resolve) => {
    const stopAll = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      // A hangup while the replicas drain must not end the supervisor (Node's default) and orphan them.
      process.on('SIGHUP', ignoreHangup);
      void supervisor.stop().then(() => {
        process.off('SIGHUP', ignoreHangup);
        resolve();
      });
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      context.stderr.write(`spindle: ${signal}, stopping ${count} replicas\n`);
      stopAll();
    };
    supervisor.once('giveUp', (replica, failures, last) => {
      context.stderr.write(
        `spindle: replica ${replica} failed to start ${failures} times in a row (last: ${last}); ` +
          `giving up and stopping all replicas — see its error above\n`,
      );
      exitCode = 1;
      stopAll();
    });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // The terminal closing (SIGHUP) stops every replica gracefully, as SIGTERM does.
    process.on('SIGHUP', onSignal);
  });
  supervisor.start();
  await stopped;
  context.stderr.write('spindle: all replicas stopped\n');
  return exitCode;
}
