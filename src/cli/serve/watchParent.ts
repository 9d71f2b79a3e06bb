import { readFileSync } from 'node:fs';

/** How often the parent's pid is compared, in milliseconds (cheap: one getppid and one small read). */
const PPID_POLL_MS = 500;

/** The parent pid of process `pid`, from /proc (Linux); undefined elsewhere or when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once when the process that started this one is gone, so a
 * server is never left orphaned and serving:
 * - under `spindle run --replicas` (an IPC channel to the supervisor), when
 *   that channel disconnects, which happens even when the supervisor gets
 *   SIGKILL;
 * - under npm or npx (`npm_command` or `npm_lifecycle_event` in the
 *   environment), when the parent pid changes, or the parent's own parent
 *   (npx runs `sh -c spindle …`, and a SIGKILLed npm leaves that shell
 *   waiting on us): Node has no parent-death signal. The second level is read
 *   from /proc, so it is watched on Linux only.
 * A `spindle run … &` from a shell is not watched: leaving it running after
 * the shell exits is what `nohup` and `&` are for. Returns a function that
 * stops watching.
 */
export function watchParent(onGone: (why: string) => void): () => void {
  const channel = process.channel;
  if (channel !== undefined) {
    // The channel must not keep the process alive on its own.
    channel.unref();
    const disconnected = (): void => {
      onGone('the supervisor is gone (IPC channel closed)');
    };
    process.once('disconnect', disconnected);
    return () => process.off('disconnect', disconnected);
  }
  const underNpm =
    process.env['npm_command'] !== undefined || process.env['npm_lifecycle_event'] !== undefined;
  if (!underNpm) return () => undefined;
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    if (process.ppid === parent && (grandparent === undefined || parentOf(parent) === grandparent)) return;
    clearInterval(timer);
    onGone(`the process that started this one (npm/npx, pid ${String(grandparent ?? parent)}) is gone`);
  }, PPID_POLL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
