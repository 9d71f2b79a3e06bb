import { runProcess } from './runProcess.js';

/** Options of {@link runPython}. */
export interface RunPythonOptions {
  /** Kill the script after this long. @default 20000 */
  readonly timeoutMs?: number;
}

/**
 * Runs `python3 <script>` with `input` as JSON on stdin and returns the JSON it
 * prints on stdout. Rejects with stderr when the script fails or times out.
 * The interop peer for every test that checks Spindle against CPython.
 */
export async function runPython(
  script: string,
  input: unknown,
  options: RunPythonOptions = {},
): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const result = await runProcess('python3', [script], { stdin: JSON.stringify(input), timeoutMs });
  if (result.timedOut) throw new Error(`python3 ${script} timed out after ${String(timeoutMs)} ms`);
  if (result.code !== 0)
    throw new Error(`python3 ${script} exited with ${String(result.code)}: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}
