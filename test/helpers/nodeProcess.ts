/**
 * Node child processes for tests: a long-running one to watch and stop
 * (`startNode`), one run to the end (`runNode`), and the real
 * `bin/spindle.js` run to the end (`runSpindle`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

import type { ProcessResult } from './runProcess.js';
import { runProcess } from './runProcess.js';

/** The repository root (this file runs from dist/test/helpers). */
export const root = join(import.meta.dirname, '..', '..', '..');

/** `bin/spindle.js` of this checkout. */
export const spindleBin = join(root, 'bin', 'spindle.js');

/** A running child process whose output is collected. */
export interface RunningProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches `pattern`; rejects after `timeoutMs` or if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (if still running) and resolves with the exit code; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** Starts `node <args>` in `cwd` with extra `env`; always stop() it in an after hook. */
export function startNode(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): RunningProcess {
  const child = spawn(process.execPath, [...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(pattern)}; stdout: ${out}; stderr: ${err}`));
        }, timeoutMs);
        const check = (): void => {
          if (pattern.test(out)) {
            cleanup();
            resolve();
          }
        };
        const gone = (): void => {
          cleanup();
          reject(new Error(`exited before ${String(pattern)}; stdout: ${out}; stderr: ${err}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.off('close', gone);
        };
        child.stdout.on('data', check);
        child.once('close', gone);
        check();
      }),
    stop: async (signal = 'SIGTERM', timeoutMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs `node <args>` (in the repository root unless `cwd` says otherwise) to the end, killed after `timeoutMs`. */
export function runNode(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return runProcess(process.execPath, args, { ...options, cwd: options.cwd ?? root });
}

/** Runs the real `bin/spindle.js` with `args` (and `stdin`), killed after `timeoutMs`. */
export function runSpindle(args: readonly string[], stdin = '', timeoutMs = 15_000): Promise<ProcessResult> {
  return runProcess(process.execPath, [spindleBin, ...args], { stdin, timeoutMs });
}
