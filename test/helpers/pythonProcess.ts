import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

import type { ProcessResult } from './runProcess.js';
import { runProcess } from './runProcess.js';

/** A running python3 process that announced its listening port. */
export interface PythonProcess {
  /** The port the script printed as its first line on stdout. */
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the script wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Kills the process and waits for it to exit; safe to call twice. */
  close(): Promise<void>;
}

/** Options of `startPython`. */
export interface StartPythonOptions {
  /** Arguments after `-c script`. @default [] */
  readonly args?: readonly string[];
  /** Time allowed for the port line to appear. @default 10000 */
  readonly timeoutMs?: number;
}

/**
 * Starts `python3 -c script` and resolves once the script prints its port (the
 * first stdout line, digits only). The script must flush: use `print(port, flush=True)`.
 */
export async function startPython(script: string, options: StartPythonOptions = {}): Promise<PythonProcess> {
  const child = spawn('python3', ['-u', '-c', script, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      reject(new Error(`python did not print a port within ${options.timeoutMs ?? 10_000} ms: ${stderr}`));
    }, options.timeoutMs ?? 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        const value = Number(stdout.slice(0, newline).trim());
        if (Number.isInteger(value) && value > 0) resolve(value);
        else reject(new Error(`python printed ${JSON.stringify(stdout)} instead of a port`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`python exited with ${String(code)} before printing a port: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { port, child, stderr: () => stderr, close };
}

/**
 * Runs `python3 -c script args…` to completion (killed after `timeoutMs`) and
 * returns its exit code and output; the usual way to drive a Python client.
 */
export function runPython(
  script: string,
  args: readonly string[] = [],
  timeoutMs = 15_000,
): Promise<ProcessResult> {
  return runProcess('python3', ['-u', '-c', script, ...args], { timeoutMs });
}

/** Runs a script that prints one JSON document on stdout and returns it parsed; throws on a non-zero exit. */
export async function runPythonJson(script: string, args: readonly string[] = []): Promise<unknown> {
  const result = await runPython(script, args);
  if (result.code !== 0) {
    throw new Error(`python exited with ${String(result.code)}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as unknown;
}
