/**
 * The demo's cluster: one `spindle run --replicas N server.xml` process (the
 * supervisor), watched through its output. It learns each replica's pid and
 * when it serves, and stops the whole process group however the demo ends.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

/** What the cluster reports, one event per line of the supervisor that matters. */
export interface ClusterEvents {
  /** Replica `replica` started as process `pid`. */
  started: [replica: number, pid: number];
  /** Replica `replica` serves at `url`. */
  serving: [replica: number, url: string];
  /** Replica `replica` died; the supervisor restarts it after the delay it names. */
  exited: [replica: number, how: string];
  /** Any other line of the supervisor or a replica (stopping, stopped, warnings). */
  line: [text: string];
}

/** How to start a {@link Cluster}. */
export interface ClusterOptions {
  /** `bin/spindle.js` of this repository. */
  readonly spindle: string;
  /** The replica's context file, e.g. `server.xml`. */
  readonly context: string;
  /** Folder the context file is read from. */
  readonly cwd: string;
  /** How many replicas; replica i serves on `basePort + i`. */
  readonly replicas: number;
  /** The port of replica 0. */
  readonly basePort: number;
}

const STARTED = /^spindle: replica (\d+) started \(pid (\d+)\)$/;
const SERVING = /^\[replica (\d+)\] spindle: '[^']+' serving (\S+)/;
const EXITED = /^\[replica (\d+)\] exited with (.*)$/;
/** Lines that are only noise next to the ones above (each replica's ready line, and the supervisor's). */
const QUIET = /^(?:\[replica \d+\] )?spindle: ready /;

/** A running `spindle run --replicas N`, in its own process group. */
export class Cluster extends EventEmitter<ClusterEvents> {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #exited: Promise<number | null>;
  readonly #pids = new Map<number, number>();
  readonly #everyPid: number[] = [];
  readonly #serving = new Set<number>();
  readonly #replicas: number;
  #stopping: Promise<number | null> | undefined;

  public constructor(options: ClusterOptions) {
    super();
    this.#replicas = options.replicas;
    const args = [
      options.spindle,
      'run',
      '--replicas',
      String(options.replicas),
      options.context,
      '--set',
      `PORT=${String(options.basePort)}`,
      '--log-level',
      'warn',
    ];
    // Its own process group: a Ctrl-C in the terminal reaches the demo only, which then
    // stops the supervisor once (a second signal would kill it before its replicas).
    this.#child = spawn(process.execPath, args, { cwd: options.cwd, detached: true, stdio: 'pipe' });
    this.#child.stdin.end();
    this.#exited = new Promise((resolve) => {
      this.#child.once('close', (code) => {
        resolve(code);
      });
    });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.#read(line);
      });
    }
  }

  /** The supervisor's process id. */
  public get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The current process id of replica `replica`. */
  public pidOf(replica: number): number | undefined {
    return this.#pids.get(replica);
  }

  /** Every process this cluster started: the supervisor, then each replica (restarts included). */
  public processes(): number[] {
    return [...(this.#child.pid === undefined ? [] : [this.#child.pid]), ...this.#everyPid];
  }

  /** Resolves once every replica serves; rejects after `timeoutMs` or if the supervisor exits. */
  public async ready(timeoutMs: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.#serving.size === this.#replicas) done();
      };
      const timer = setTimeout(() => {
        fail(new Error(`the replicas did not all start within ${String(timeoutMs)} ms`));
      }, timeoutMs);
      const gone = (): void => {
        fail(new Error('the cluster exited before serving'));
      };
      const done = (): void => {
        cleanup();
        resolve();
      };
      const fail = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off('serving', check);
        this.#child.off('close', gone);
      };
      this.on('serving', check);
      this.#child.once('close', gone);
      check();
    });
  }

  /** Kills replica `replica` at once (SIGKILL: no draining, as a crash would). */
  public kill(replica: number): number {
    const pid = this.#pids.get(replica);
    if (pid === undefined) throw new Error(`replica ${String(replica)} is not running`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /**
   * Stops the cluster: SIGTERM to the supervisor (which drains and stops every
   * replica), SIGKILL to the whole group if that takes longer than `timeoutMs`.
   * Resolves with the supervisor's exit code. Safe to call more than once.
   */
  public stop(timeoutMs = 15_000): Promise<number | null> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<number | null> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    const killer = setTimeout(() => {
      this.killGroup();
    }, timeoutMs);
    const code = await this.#exited;
    clearTimeout(killer);
    return code;
  }

  /** Last resort, synchronous (usable in an `exit` handler): SIGKILL to the supervisor's group. */
  public killGroup(): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }

  #read(line: string): void {
    let match = STARTED.exec(line);
    if (match !== null) {
      const replica = Number(match[1]);
      const pid = Number(match[2]);
      this.#pids.set(replica, pid);
      this.#everyPid.push(pid);
      this.#serving.delete(replica);
      this.emit('started', replica, pid);
      return;
    }
    match = SERVING.exec(line);
    if (match !== null) {
      const replica = Number(match[1]);
      this.#serving.add(replica);
      this.emit('serving', replica, match[2] ?? '');
      return;
    }
    match = EXITED.exec(line);
    if (match !== null) {
      const replica = Number(match[1]);
      this.#serving.delete(replica);
      this.emit('exited', replica, match[2] ?? '');
      return;
    }
    if (!QUIET.test(line)) this.emit('line', line);
  }
}
