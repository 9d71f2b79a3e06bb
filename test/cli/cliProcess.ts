import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/cli. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** What one run of `bin/spindle.js` left behind. */
export interface SpindleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `bin/spindle.js` with `args` (and `stdin`), killed after `timeoutMs`. */
export async function runSpindle(
  args: readonly string[],
  stdin = '',
  timeoutMs = 15_000,
): Promise<SpindleRun> {
  const child = spawn(process.execPath, [join(root, 'bin', 'spindle.js'), ...args], {
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
  child.stdin.end(stdin);
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', (exitCode) => {
      resolve(exitCode);
    });
  });
  clearTimeout(timer);
  return { code, stdout, stderr };
}
