import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
export interface ProcessResult {
  /** The exit code, or null when a signal ended it (our SIGKILL after `timeoutMs` included). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether we killed it because it ran past `timeoutMs`. */
  readonly timedOut: boolean;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** Working directory. @default this process's */
  readonly cwd?: string;
  /** Variables added to (or replacing) this process's environment. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the child's stdin, which is then closed. @default '' */
  readonly stdin?: Buffer | string;
  /** SIGKILL the child after this long. @default 20000 */
  readonly timeoutMs?: number;
}

/**
 * Runs `command args…` to the end and returns its exit code and output (as
 * UTF-8), killing it after `timeoutMs` so a hung child cannot hang the suite.
 * Rejects only when the command cannot be started at all.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  const child = spawn(command, [...args], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end(options.stdin ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 20_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => {
        resolve(exitCode);
      });
    });
    return { code, stdout, stderr, timedOut };
  } finally {
    clearTimeout(timer);
  }
}
