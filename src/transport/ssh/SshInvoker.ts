import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { callChannels } from '../../common/callChannels.js';
import type { ClientCallStart } from '../../common/callChannels.js';
import type { Logger } from '../../common/Logger.js';
import { silentLogger } from '../../common/Logger.js';
import { SpindleError } from '../../common/SpindleError.js';
import type { DecodeLimits, DecodeOptions, ResolvedDecodeOptions } from '../../codec/index.js';
import { encodeCall, resolveDecodeOptions } from '../../codec/index.js';
import { clientCallEnd } from '../../rpc/client/clientCallEnd.js';
import { decodeCallResponse } from '../../rpc/client/decodeCallResponse.js';
import { TransportError } from '../../rpc/TransportError.js';
import { classifySshRun } from './classifySshRun.js';
import { isValidRequestId, remoteCommandLine } from './requestIdWord.js';
import type { SshTarget } from './parseSshUrl.js';
import { parseSshUrl } from './parseSshUrl.js';
import { runSshProcess } from './runSshProcess.js';
import { destinationArguments, sshArguments } from './sshArguments.js';
import type { SshOptions } from './SshOptions.js';

/** Options of an `ssh://` client: the client options that apply, plus `ssh`. */
export interface SshInvokerOptions {
  /** Time allowed for each call (queueing, connecting and answering), in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Largest response accepted, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** Limits applied when decoding responses. @default the codec's defaults */
  readonly decodeLimits?: Partial<DecodeLimits>;
  /** How results are shaped (dates, structs); see docs/codec.md. @default { dateTimes: 'date', structs: 'object' } */
  readonly decoding?: DecodeOptions;
  /** Where debug lines go. @default silent */
  readonly logger?: Logger;
  /** The ssh client's settings (key, known hosts, host key checking, multiplexing). @default {} */
  readonly ssh?: SshOptions;
}

/** Per-call options (the `CallOptions` of the `Invoker` contract). */
export interface SshCallOptions {
  /** Stops the call (kills its ssh process). @default undefined */
  readonly signal?: AbortSignal;
  /** Time allowed for this call. @default the invoker's `timeoutMs` */
  readonly timeoutMs?: number;
  /**
   * The id that travels with the request: appended to the remote command as
   * `--request-id=<id>`, where `spindle bridge` reads it (and sends it on as
   * `X-Request-Id`). @default this invoker's prefix plus a counter, like the HTTP client
   */
  readonly requestId?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Room a Unix socket path has (108 on Linux, 104 on macOS), less ssh's temporary suffix. */
const MAX_CONTROL_DIR_LENGTH = 104 - 1 - 40 - 17;
/** Time `close()` gives `ssh -O exit`. */
const EXIT_TIMEOUT_MS = 5000;

/**
 * An `Invoker` (see `src/proxy/Invoker.ts`) for `ssh://user@host[:port]/path`,
 * the XML-RPC-over-ssh of PlanetLab's Node Manager: each call runs the system
 * `ssh` client in batch mode, writes the request on its stdin and reads the
 * response from its stdout. The server side is a forced command in
 * `authorized_keys`, typically `spindle bridge`. Calls share one
 * authenticated connection (OpenSSH `ControlMaster`) whose control socket
 * lives in a private temporary directory until `close()`.
 *
 * @example
 * const nm = new SshInvoker('ssh://nm@node.example.org/NodeManager', {
 *   ssh: { identityFile: '/home/me/.ssh/nm_key', knownHostsFile: '/home/me/.ssh/known_hosts' },
 * });
 * await nm.invoke('Ticket', [ticket]);
 * await nm.close();
 */
export class SshInvoker {
  public readonly description: string;
  private readonly target: SshTarget;
  private readonly ssh: SshOptions;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly decodeLimits: Partial<DecodeLimits> | undefined;
  private readonly decoding: ResolvedDecodeOptions;
  private readonly logger: Logger;
  private readonly maxConcurrent: number;
  private readonly running = new Set<() => void>();
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;
  private controlDir: Promise<string> | undefined;
  private closing: Promise<void> | undefined;
  /** Request ids are this invoker's random prefix plus a counter: unique, and cheap per call. */
  private readonly idPrefix = randomUUID().slice(0, 18);
  private nextId = 0;

  public constructor(url: string | URL, options: SshInvokerOptions = {}) {
    this.target = parseSshUrl(url);
    this.description = this.target.description;
    this.ssh = options.ssh ?? {};
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `timeoutMs must be a positive number, got ${this.timeoutMs}`,
      );
    }
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.decodeLimits = options.decodeLimits;
    this.decoding = resolveDecodeOptions(options.decoding);
    this.logger = options.logger ?? silentLogger;
    this.maxConcurrent = this.ssh.maxConcurrentCalls ?? 8;
    if (!Number.isInteger(this.maxConcurrent) || this.maxConcurrent <= 0) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `ssh.maxConcurrentCalls must be a positive integer, got ${this.maxConcurrent}`,
      );
    }
    sshArguments(this.ssh, undefined); // refuse bad options now, not at the first call
  }

  /** The directory holding the control socket, once a call created it (for tests and diagnostics). */
  public async controlDirectory(): Promise<string | undefined> {
    return this.controlDir === undefined ? undefined : this.controlDir.catch(() => undefined);
  }

  /**
   * Sends one call. While anyone listens on `callChannels` (the CLI's logs and
   * metrics), its start and end are published exactly as the HTTP client's are.
   */
  public async invoke(
    method: string,
    params: readonly unknown[],
    options: SshCallOptions = {},
  ): Promise<unknown> {
    this.assertOpen();
    const body = encodeCall(method, params);
    const requestId =
      options.requestId ?? `${this.idPrefix}${(this.nextId++).toString(16).padStart(12, '0')}`;
    if (!callChannels.clientEnd.hasSubscribers) return this.exchange(method, body, requestId, options);
    const start: ClientCallStart = { target: this.description, method, requestId };
    callChannels.clientStart.publish(start);
    const began = performance.now();
    try {
      const result = await this.exchange(method, body, requestId, options);
      callChannels.clientEnd.publish({ ...start, outcome: 'result', durationMs: performance.now() - began });
      return result;
    } catch (error) {
      callChannels.clientEnd.publish(clientCallEnd(start, error, performance.now() - began));
      throw error;
    }
  }

  /** Runs one ssh process for an encoded call and decodes the answer. */
  private async exchange(
    method: string,
    body: Buffer,
    requestId: string,
    options: SshCallOptions,
  ): Promise<unknown> {
    if (!isValidRequestId(requestId)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `${this.description}: requestId: control characters are not allowed`,
      );
    }
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const deadline = Date.now() + timeoutMs;
    await this.acquire(options.signal, timeoutMs);
    try {
      this.assertOpen(); // close() may have run while the call waited for a slot
      const args = [
        ...sshArguments(this.ssh, await this.controlPath()),
        ...destinationArguments(this.target),
        remoteCommandLine(this.target.path, this.ssh.remoteCommand, requestId),
      ];
      this.logger.debug('ssh call', { url: this.description, method, requestId });
      let stop: (() => void) | undefined;
      const run = await runSshProcess(this.ssh.sshPath ?? 'ssh', args, body, {
        timeoutMs: Math.max(1, deadline - Date.now()),
        signal: options.signal,
        maxStdoutBytes: this.maxResponseBytes,
        onStart: (stopRun) => {
          stop = stopRun;
          this.running.add(stopRun);
        },
      });
      if (stop !== undefined) this.running.delete(stop);
      return decodeCallResponse(
        classifySshRun(run, this.description, timeoutMs),
        this.description,
        this.decodeLimits,
        this.decoding,
      );
    } finally {
      this.release();
    }
  }

  /** Stops calls in flight, ends the shared connection (`ssh -O exit`) and removes the socket directory. Safe to call twice. */
  public close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const stop of this.running) stop();
    for (const wake of this.waiting.splice(0)) wake();
    const dir = await this.controlDirectory();
    if (dir === undefined) return;
    const args = [
      ...sshArguments(this.ssh, join(dir, '%C')),
      '-O',
      'exit',
      ...destinationArguments(this.target),
    ];
    // Exits 255 when no master runs (every call failed, or it already timed out): nothing to end then.
    await runSshProcess(this.ssh.sshPath ?? 'ssh', args, Buffer.alloc(0), {
      timeoutMs: EXIT_TIMEOUT_MS,
      maxStdoutBytes: 4096,
    });
    await rm(dir, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.closing !== undefined) {
      throw new SpindleError('SPINDLE_CLOSED', `${this.description}: client is closed`);
    }
  }

  /** `…/%C` in this invoker's private directory, or undefined when multiplexing is off. */
  private async controlPath(): Promise<string | undefined> {
    if (this.ssh.multiplex === false) return undefined;
    this.controlDir ??= (async () => {
      const base = tmpdir().length <= MAX_CONTROL_DIR_LENGTH - 20 ? tmpdir() : '/tmp';
      return mkdtemp(join(base, 'spindle-ssh-'));
    })();
    return join(await this.controlDir, '%C');
  }

  /** Waits for a free slot (at most `maxConcurrentCalls` ssh processes at once). */
  private async acquire(signal: AbortSignal | undefined, timeoutMs: number): Promise<void> {
    while (this.inFlight >= this.maxConcurrent) {
      this.assertOpen();
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          done();
          reject(
            new TransportError(
              'SPINDLE_CLIENT_ABORTED',
              `${this.description}: aborted before it was sent`,
              'not-executed',
              this.description,
            ),
          );
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new TransportError(
              'SPINDLE_CLIENT_TIMEOUT',
              `${this.description}: no free ssh slot within ${timeoutMs} ms`,
              'not-executed',
              this.description,
            ),
          );
        }, timeoutMs);
        const wake = (): void => {
          done();
          resolve();
        };
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const index = this.waiting.indexOf(wake);
          if (index >= 0) this.waiting.splice(index, 1);
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    if (signal?.aborted === true) {
      throw new TransportError(
        'SPINDLE_CLIENT_ABORTED',
        `${this.description}: aborted before it was sent`,
        'not-executed',
        this.description,
      );
    }
    this.inFlight += 1;
  }

  private release(): void {
    this.inFlight -= 1;
    this.waiting[0]?.();
  }
}
