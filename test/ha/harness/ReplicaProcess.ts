import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One execution of a service method, as a replica logs it before answering. */
export interface Execution {
  readonly id: string;
  readonly method: string;
  readonly replica: number;
  readonly pid: number;
}

const script = join(import.meta.dirname, '..', 'fixtures', 'replica.js');

/** Options of a replica process. */
export interface ReplicaProcessOptions {
  /** The replica's number, in its log lines. */
  readonly replica: number;
  /** Directory for the execution log. */
  readonly dir: string;
  /** Server keep-alive timeout in milliseconds. @default the exporter's */
  readonly keepAliveMs?: number;
}

/**
 * A real replica: a separate Node process serving the test service through
 * `XmlRpcServiceExporter` on loopback, logging every execution (request id and
 * method) to a file before it answers. It keeps its port across restarts.
 */
export class ReplicaProcess {
  public port = 0;
  public child: ChildProcess | undefined;
  readonly #options: ReplicaProcessOptions;
  readonly #log: string;
  readonly #output: string[] = [];

  public constructor(options: ReplicaProcessOptions) {
    this.#options = options;
    this.#log = join(options.dir, `replica-${options.replica}.log`);
  }

  public get url(): string {
    return `http://127.0.0.1:${this.port}/Service`;
  }

  public get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process (on its old port after a restart) and resolves once it listens. */
  public async start(): Promise<void> {
    const args = [
      script,
      '--port',
      String(this.port),
      '--log',
      this.#log,
      '--replica',
      String(this.#options.replica),
    ];
    if (this.#options.keepAliveMs !== undefined)
      args.push('--keep-alive-ms', String(this.#options.keepAliveMs));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr.on('data', (chunk: Buffer) => {
      this.#output.push(chunk.toString());
    });
    const lines = createInterface({ input: child.stdout });
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`replica ${this.#options.replica} did not start: ${this.#output.join('')}`));
      }, 10_000);
      lines.on('line', (line) => {
        const match = /^listening (\d+)$/.exec(line);
        if (match !== null) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`replica ${this.#options.replica} exited with ${code}: ${this.#output.join('')}`));
      });
    });
  }

  /** Sends `signal`; for SIGKILL and SIGTERM, resolves once the process has exited. */
  public async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    child.kill(signal);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') await exited;
  }

  /** Stops the process for good (resumes it first if frozen). */
  public async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT');
    await this.kill('SIGKILL');
  }

  /** Every execution this replica logged, across its restarts. */
  public executions(): Execution[] {
    if (!existsSync(this.#log)) return [];
    return readFileSync(this.#log, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Execution);
  }
}
