/**
 * `node --import tsx scripts/together.ts <npm script>...`: runs the named npm
 * scripts at the same time and exits 1 if any of them failed. `npm test` runs
 * `build` (tsc, about 16 s quiet) and `format:check` (prettier, about 9 s, which
 * reads the sources, not dist/) this way, then eslint. Eslint cannot join them:
 * its typed rules read the samples' `spindle` imports from dist/*.d.ts, which
 * the build writes (without them it reports the samples' calls as unsafe).
 *
 * Each script's output is printed in one piece when it ends, its name first,
 * so that two scripts' lines are never mixed.
 */
import { spawn } from 'node:child_process';

/** How one script ended: its exit code (1 when a signal ended it) and everything it printed. */
interface Ended {
  readonly script: string;
  readonly code: number;
  readonly output: string;
}

function runScript(script: string): Promise<Ended> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    // FORCE_COLOR keeps the colours a terminal would get although the output goes to a pipe.
    const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => {
      resolve({ script, code: 1, output: `${String(error)}\n` });
    });
    child.on('close', (code) => {
      resolve({ script, code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node --import tsx scripts/together.ts <npm script>...');
  process.exit(2);
}
const codes = await Promise.all(
  scripts.map(async (script) => {
    const ended = await runScript(script);
    process.stdout.write(
      `> ${script}${ended.code === 0 ? '' : ` (failed, exit ${ended.code})`}\n${ended.output}`,
    );
    return ended.code;
  }),
);
process.exitCode = codes.every((code) => code === 0) ? 0 : 1;
