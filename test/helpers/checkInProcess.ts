import { PassThrough } from 'node:stream';

import { checkCommand } from '../../src/cli/commands/check.js';

/** What one `spindle check` gave. */
export interface CheckResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `spindle check <file>` run by the command itself in this process, with the
 * output it would print. For tests that check many context files: a cold CLI
 * start per file costs seconds on a loaded machine, so such tests send one file
 * through the installed command (as a user types it) and the rest through this.
 */
export async function checkInProcess(file: string): Promise<CheckResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await checkCommand.run({ argv: [file], stdin: new PassThrough(), stdout, stderr });
  await new Promise((resolve) => setImmediate(resolve)); // let the streams hand over what was written
  return { code, stdout: out, stderr: err };
}
