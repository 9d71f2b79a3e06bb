import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** How an ssh run ended, before anyone decides what it means. */
export type SshRunEnd = 'exited' | 'timeout' | 'aborted' | 'too-large' | 'closed' | 'spawn-failed';

/** Everything one ssh run produced. */
export interface SshRun {
  readonly end: SshRunEnd;
  /** The exit status, or null when ssh was killed by a signal or never started. */
  readonly exitCode: number | null;
  /** The response bytes (complete only when `end` is `exited`). */
  readonly stdout: Buffer;
  /** What ssh and the remote command printed on stderr (the first `maxStderrBytes`). */
  readonly stderr: string;
  /** Why the process could not start (`end` is `spawn-failed`). */
  readonly spawnError?: Error;
}

/** Options of one run. */
export interface SshRunOptions {
  /** Kill the process after this many milliseconds (`end: 'timeout'`). */
  readonly timeoutMs: number;
  /** Kill the process when this fires (`end: 'aborted'`). @default none */
  readonly signal?: AbortSignal | undefined;
  /** Kill the process when stdout grows beyond this (`end: 'too-large'`). */
  readonly maxStdoutBytes: number;
  /** Keep at most this much of stderr. @default 16384 */
  readonly maxStderrBytes?: number;
  /** Called with the child once it runs, to be able to stop it from outside (`stop`). @default none */
  readonly onStart?: (stop: () => void) => void;
}

/**
 * Time a process gets between SIGTERM and SIGKILL. A multiplexed ssh client
 * only notices SIGTERM when its master talks to it, so the grace is short; it
 * never owns the control socket (the daemonised master does), so SIGKILL
 * leaves nothing stale behind.
 */
const KILL_GRACE_MS = 250;
/** Time allowed between the exit and the end of its output pipes, in case a descendant holds them. */
const PIPE_GRACE_MS = 2000;

/**
 * Runs `command args`, writes `input` on its stdin and closes it, and collects
 * stdout and stderr until the process and its pipes are done. Never rejects:
 * every way it can end is described in the result, for one place to classify.
 * The process never outlives the run: a timeout, an abort or an oversize
 * answer sends SIGTERM, then SIGKILL.
 */
export function runSshProcess(
  command: string,
  args: readonly string[],
  input: Buffer,
  options: SshRunOptions,
): Promise<SshRun> {
  const maxStderr = options.maxStderrBytes ?? 16_384;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({
        end: 'spawn-failed',
        exitCode: null,
        stdout: Buffer.alloc(0),
        stderr: '',
        spawnError: toError(error),
      });
      return;
    }
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let end: SshRunEnd | undefined;
    let exitCode: number | null = null;
    let done = false;
    let killTimer: NodeJS.Timeout | undefined;
    let pipeTimer: NodeJS.Timeout | undefined;

    const stop = (reason: SshRunEnd): void => {
      if (end !== undefined || done) return;
      end = reason;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const finish = (spawnError?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(pipeTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        end: spawnError === undefined ? (end ?? 'exited') : 'spawn-failed',
        exitCode,
        stdout: Buffer.concat(stdoutChunks, stdoutBytes),
        stderr,
        ...(spawnError === undefined ? {} : { spawnError }),
      });
    };
    const onAbort = (): void => {
      stop('aborted');
    };
    const timer = setTimeout(() => {
      stop('timeout');
    }, options.timeoutMs);

    child.once('error', (error) => {
      // Only a failed spawn reaches here without an exit (ENOENT, EACCES).
      if (child.pid === undefined) finish(error);
    });
    child.once('exit', (code) => {
      exitCode = code;
      clearTimeout(killTimer);
      const closePipes = (): void => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      };
      // A multiplexed client hands its stdio to the master, which keeps them
      // until the remote side lets go: once we stopped the run, nothing more
      // is wanted from them. Otherwise the output still in flight is awaited.
      if (end !== undefined) closePipes();
      else pipeTimer = setTimeout(closePipes, PIPE_GRACE_MS);
    });
    child.once('close', () => {
      finish();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) {
        stop('too-large');
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < maxStderr) stderr += chunk.slice(0, maxStderr - stderr.length);
    });
    // ssh may exit before reading all of stdin (refused, auth failure): EPIPE is expected then.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);

    if (options.signal !== undefined) {
      if (options.signal.aborted) stop('aborted');
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
    if (child.pid !== undefined) {
      options.onStart?.(() => {
        stop('closed');
      });
    }
  });
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
