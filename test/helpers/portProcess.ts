import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** A running child process (a peer server: CPython, Perl …) that announced its listening port. */
export interface PortProcess {
  /** The port the process printed as its first line on stdout. */
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Kills the process and waits for it to exit; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts `command args…` and resolves once it prints its port (the first
 * stdout line, digits only); the process is killed when it does not within
 * `timeoutMs`. It must flush that line (Python `flush=True`, Perl `$| = 1`).
 */
export async function startPortProcess(
  command: string,
  args: readonly string[],
  timeoutMs = 10_000,
): Promise<PortProcess> {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`${command} did not print a port within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        const value = Number(stdout.slice(0, newline).trim());
        if (Number.isInteger(value) && value > 0) resolve(value);
        else reject(new Error(`${command} printed ${JSON.stringify(stdout)} instead of a port`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${String(code)} before printing a port: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { port, child, stderr: () => stderr, close };
}
