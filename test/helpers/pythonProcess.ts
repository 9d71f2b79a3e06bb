import type { PortProcess } from './portProcess.js';
import { startPortProcess } from './portProcess.js';
import type { ProcessResult } from './runProcess.js';
import { runProcess } from './runProcess.js';

/** A running python3 process that announced its listening port. */
export type PythonProcess = PortProcess;

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
export function startPython(script: string, options: StartPythonOptions = {}): Promise<PythonProcess> {
  return startPortProcess('python3', ['-u', '-c', script, ...(options.args ?? [])], options.timeoutMs);
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
