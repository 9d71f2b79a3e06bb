import { spawn } from 'node:child_process';

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
export function runPython(script: string, input: unknown, options: RunPythonOptions = {}): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`python3 ${script} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(
          new Error(`python3 ${script} exited with ${String(code)}: ${Buffer.concat(err).toString('utf8')}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as unknown);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
