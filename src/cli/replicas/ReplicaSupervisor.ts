import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

import { SpindleError } from '../../common/index.js';
import type { BackoffOptions, BackoffPolicy } from '../../ha/index.js';
import { Backoff } from '../../ha/index.js';

/** Options of a {@link ReplicaSupervisor}. */
export interface ReplicaSupervisorOptions {
  /** How many replicas to run; replica i gets `SPINDLE_REPLICA=i`. */
  readonly count: number;
  /** The program each replica runs. @default process.execPath (node) */
  readonly command?: string;
  /** The arguments of replica `replica`, e.g. `[bin, 'run', 'ctx.xml', '--set', 'replica=0']`. */
  readonly args: (replica: number) => readonly string[];
  /** Environment of every replica, before `SPINDLE_REPLICA` is added. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Delay before restarting a replica that died, or the options of the default. @default 500 ms, ×1.6, ±20 %, 30 s */
  readonly backoff?: BackoffPolicy | BackoffOptions;
  /** Uptime after which a replica's restart delay starts again from the shortest, in milliseconds. @default 10000 */
  readonly stableAfterMs?: number;
  /**
   * Startup failures in a row after which a replica is not restarted and `giveUp` is emitted:
   * a start fails when the replica exits before printing its ready line (`readyLine`). Counted,
   * not timed (unlike systemd's StartLimitBurst=5 per StartLimitIntervalSec=10s), so a slow
   * machine gives the same verdict as a fast one. @default 5
   */
  readonly maxStartFailures?: number;
  /** A line of a replica's standard output that says it is ready. @default /^spindle: ready\b/ */
  readonly readyLine?: RegExp;
  /** Time a replica has to drain and exit after SIGTERM before it gets SIGKILL, in milliseconds. @default 30000 */
  readonly stopTimeoutMs?: number;
  /** Where the replicas' standard output goes, each line prefixed with `[replica i]`. @default process.stdout */
  readonly stdout?: NodeJS.WritableStream;
  /** Where their standard error goes, prefixed the same way; also the supervisor's own messages. @default process.stderr */
  readonly stderr?: NodeJS.WritableStream;
}

/** Events of a supervisor. */
export interface ReplicaSupervisorEvents {
  /** Replica `replica` started as process `pid`. */
  start: [replica: number, pid: number];
  /** Replica `replica` printed its ready line. */
  ready: [replica: number];
  /** Replica `replica` failed to start `failures` times in a row and will not be restarted; `last` says how it exited. */
  giveUp: [replica: number, failures: number, last: string];
  /** Replica `replica` exited; `restartInMs` is undefined when it will not be restarted (stopping, or given up). */
  exit: [
    replica: number,
    code: number | null,
    signal: NodeJS.Signals | null,
    restartInMs: number | undefined,
  ];
}

interface Slot {
  child: ChildProcess | undefined;
  startedAt: number;
  restarts: number;
  /** Whether the running process printed its ready line. */
  ready: boolean;
  /** Exits before the ready line, in a row. */
  startFailures: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Runs N copies of one program (`spindle run --replicas N`), restarts a copy
 * that dies after a growing, jittered delay (so a replica that crashes at
 * start does not spin), gives a copy up after `maxStartFailures` failed
 * starts in a row (`giveUp`), and stops them all gracefully: SIGTERM to each,
 * then SIGKILL to any still running after `stopTimeoutMs`.
 */
export class ReplicaSupervisor extends EventEmitter<ReplicaSupervisorEvents> {
  readonly #options: ReplicaSupervisorOptions;
  readonly #backoff: BackoffPolicy;
  readonly #slots: Slot[];
  #stopping: Promise<void> | undefined;

  public constructor(options: ReplicaSupervisorOptions) {
    super();
    if (!(Number.isInteger(options.count) && options.count >= 1)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `--replicas must be an integer >= 1, got ${options.count}`,
      );
    }
    this.#options = options;
    const backoff = options.backoff;
    this.#backoff =
      backoff !== undefined && 'delay' in backoff && typeof backoff.delay === 'function'
        ? backoff
        : new Backoff({ initialMs: 500, maxMs: 30_000, ...(backoff as BackoffOptions | undefined) });
    this.#slots = Array.from({ length: options.count }, () => ({
      child: undefined,
      startedAt: 0,
      restarts: 0,
      ready: false,
      startFailures: 0,
      timer: undefined,
    }));
  }

  /** Starts every replica. */
  public start(): void {
    for (let i = 0; i < this.#slots.length; i++) this.#spawn(i);
  }

  /** The process id of each replica (undefined while it waits for a restart). */
  public pids(): (number | undefined)[] {
    return this.#slots.map((slot) => slot.child?.pid);
  }

  /** Stops every replica (SIGTERM, then SIGKILL after `stopTimeoutMs`); resolves when all have exited. */
  public stop(): Promise<void> {
    this.#stopping ??= this.#stopAll();
    return this.#stopping;
  }

  async #stopAll(): Promise<void> {
    const timeoutMs = this.#options.stopTimeoutMs ?? 30_000;
    await Promise.all(
      this.#slots.map(async (slot) => {
        clearTimeout(slot.timer);
        const child = slot.child;
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
        });
        child.kill('SIGTERM');
        const killer = setTimeout(() => {
          child.kill('SIGKILL');
        }, timeoutMs);
        await exited;
        clearTimeout(killer);
      }),
    );
  }

  #spawn(replica: number): void {
    const slot = this.#slots[replica];
    if (slot === undefined || this.#stopping !== undefined) return;
    const child = spawn(this.#options.command ?? process.execPath, [...this.#options.args(replica)], {
      env: { ...(this.#options.env ?? process.env), SPINDLE_REPLICA: String(replica) },
      // The IPC channel is the replica's lifeline: it closes even when the supervisor gets SIGKILL,
      // and the replica then stops (see watchParent), so no replica is left serving on its own.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    slot.child = child;
    slot.startedAt = Date.now();
    slot.ready = false;
    const readyLine = this.#options.readyLine ?? /^spindle: ready\b/;
    const { stdout, stderr } = child;
    if (stdout === null || stderr === null) throw new Error('spawn gave no stdout/stderr pipes');
    prefixLines(stdout, this.#options.stdout ?? process.stdout, `[replica ${replica}] `, (line) => {
      if (slot.ready || slot.child !== child || !readyLine.test(line)) return;
      slot.ready = true;
      slot.startFailures = 0;
      this.emit('ready', replica);
    });
    prefixLines(stderr, this.#options.stderr ?? process.stderr, `[replica ${replica}] `);
    child.once('spawn', () => {
      if (child.pid !== undefined) this.emit('start', replica, child.pid);
    });
    child.once('error', (error) => {
      // A program that cannot be started at all: report it, and let 'exit' (or its absence) decide.
      (this.#options.stderr ?? process.stderr).write(`[replica ${replica}] cannot start: ${error.message}\n`);
      if (child.pid === undefined) this.#onExit(replica, child, null, null);
    });
    // 'close', not 'exit': every line the replica printed (its ready line too) has been read by then.
    child.once('close', (code, signal) => {
      this.#onExit(replica, child, code, signal);
    });
  }

  #onExit(replica: number, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const slot = this.#slots[replica];
    if (slot?.child !== child) return;
    slot.child = undefined;
    if (this.#stopping !== undefined) {
      this.emit('exit', replica, code, signal, undefined);
      return;
    }
    const how = signal === null ? `code ${code ?? 'unknown'}` : `signal ${signal}`;
    if (!slot.ready) slot.startFailures += 1;
    const limit = this.#options.maxStartFailures ?? 5;
    if (slot.startFailures >= limit) {
      // A crash loop: restarting again would only repeat the error the replica just printed.
      this.emit('exit', replica, code, signal, undefined);
      this.emit('giveUp', replica, slot.startFailures, `exit with ${how}`);
      return;
    }
    // A replica that ran for a while crashed for a new reason: restart it quickly again.
    if (Date.now() - slot.startedAt >= (this.#options.stableAfterMs ?? 10_000)) slot.restarts = 0;
    const delay = Math.round(this.#backoff.delay(slot.restarts));
    slot.restarts += 1;
    (this.#options.stderr ?? process.stderr).write(
      `[replica ${replica}] exited with ${how}; restarting in ${delay} ms\n`,
    );
    this.emit('exit', replica, code, signal, delay);
    slot.timer = setTimeout(() => {
      this.#spawn(replica);
    }, delay);
  }
}

function prefixLines(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  prefix: string,
  onLine?: (line: string) => void,
): void {
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    output.write(`${prefix}${line}\n`);
    onLine?.(line);
  });
}
