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

/** Shells that `npm exec`/`npm run` may start a script with, and that stay as its parent. */
const SHELLS: ReadonlySet<string> = new Set(['sh', 'dash', 'bash', 'ash', 'zsh', 'ksh', 'busybox']);

/** Whether process `pid` is a shell (from /proc; false elsewhere or when it is gone). */
function isShell(pid: number): boolean {
  try {
    return SHELLS.has(readFileSync(`/proc/${String(pid)}/comm`, 'utf8').trim());
  } catch {
    return false;
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
 *   when the parent is a shell (npx runs `sh -c spindle …`, and a SIGKILLed
 *   npm leaves that shell waiting on us): Node has no parent-death signal.
 *   When npm is the parent itself, its own parent is not watched: npm
 *   outliving the terminal that started it (`nohup npm run serve &`) still
 *   runs us. The second level is read from /proc, so it is watched on Linux
 *   only.
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
  const grandparent = isShell(parent) ? parentOf(parent) : undefined;
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
