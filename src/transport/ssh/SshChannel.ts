import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Logger } from '../../common/index.js';
import { silentLogger, SpindleError } from '../../common/index.js';
import type { ChannelCall, ClientChannel } from '../../rpc/index.js';
import { TransportError } from '../../rpc/index.js';
import { classifySshRun } from './classifySshRun.js';
import { isValidRequestId, remoteCommandLine } from './requestIdWord.js';
import type { SshTarget } from './parseSshUrl.js';
import { parseSshUrl } from './parseSshUrl.js';
import { runSshProcess } from './runSshProcess.js';
import { SshSlots } from './SshSlots.js';
import { destinationArguments, sshArguments } from './sshArguments.js';
import type { SshOptions } from './SshOptions.js';

/** Options of the ssh channel: the client options it reads. */
export interface SshChannelOptions {
  /** Largest response accepted, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** Where debug lines go. @default silent */
  readonly logger?: Logger;
  /** The ssh client's settings (key, known hosts, host key checking, multiplexing). @default {} */
  readonly ssh?: SshOptions;
}

/**
 * Per-call options of the ssh channel (what it reads of a `ChannelCall`).
 * `requestId` is appended to the remote command as `--request-id=<id>`, where
 * `spindle bridge` reads it (and sends it on as `X-Request-Id`).
 * `metadata` does not travel over ssh yet: a call with any is refused
 * (`SPINDLE_INVALID_ARGUMENT`, not sent) rather than sent without it.
 * Kept for code that named this type; callers pass `CallOptions` (src/rpc).
 */
export type SshCallOptions = Pick<ChannelCall, 'signal' | 'timeoutMs' | 'requestId' | 'metadata'>;

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Room a Unix socket path has (108 on Linux, 104 on macOS), less ssh's temporary suffix. */
const MAX_CONTROL_DIR_LENGTH = 104 - 1 - 40 - 17;
/** Time `close()` gives `ssh -O exit`. */
const EXIT_TIMEOUT_MS = 5000;

/**
 * Refuses call metadata, which the ssh bridge does not carry yet: an auth or
 * trace interceptor that works over http must not silently do nothing here.
 * Nothing has been sent. A plain `SpindleError`, like the HTTP channel's
 * refusal of bad metadata: the caller's mistake, not a member failure a pool
 * would retry elsewhere and count against a healthy member.
 */
function refuseMetadata(metadata: ChannelCall['metadata'], url: string): void {
  if (metadata === undefined || Object.keys(metadata).length === 0) return;
  throw new SpindleError(
    'SPINDLE_INVALID_ARGUMENT',
    `${url}: metadata (${Object.keys(metadata).slice(0, 8).join(', ')}) does not travel over ssh:// yet; the call was not sent`,
  );
}

/**
 * The `ClientChannel` of `ssh://user@host[:port]/path` URLs, the
 * XML-RPC-over-ssh of PlanetLab's Node Manager: each exchange runs the system
 * `ssh` client in batch mode, writes the request on its stdin and reads the
 * response from its stdout. The server side is a forced command in
 * `authorized_keys`, typically `spindle bridge`. Exchanges share one
 * authenticated connection (OpenSSH `ControlMaster`) whose control socket
 * lives in a private temporary directory until `close()`; at most
 * `ssh.maxConcurrentCalls` run at once, the others wait their turn (first
 * come, first served) within their own deadline: the wait counts against the
 * call's `timeoutMs`, and the ssh process gets what is left.
 */
export class SshChannel implements ClientChannel {
  public readonly description: string;
  /** Every exchange ends within its `timeoutMs`: waiting for a slot and the ssh process are timed. */
  public readonly settlesWithinTimeout = true;
  private readonly target: SshTarget;
  private readonly ssh: SshOptions;
  private readonly maxResponseBytes: number;
  private readonly logger: Logger;
  private readonly slots: SshSlots;
  private readonly running = new Set<() => void>();
  private controlDir: Promise<string> | undefined;
  private closing: Promise<void> | undefined;
  public constructor(url: string | URL, options: SshChannelOptions = {}) {
    this.target = parseSshUrl(url);
    this.description = this.target.description;
    this.ssh = options.ssh ?? {};
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.logger = options.logger ?? silentLogger;
    const maxConcurrent = this.ssh.maxConcurrentCalls ?? 8;
    if (!Number.isInteger(maxConcurrent) || maxConcurrent <= 0) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `ssh.maxConcurrentCalls must be a positive integer, got ${maxConcurrent}`,
      );
    }
    this.slots = new SshSlots(maxConcurrent, this.description);
    sshArguments(this.ssh, undefined); // refuse bad options now, not at the first call
  }

  /** The directory holding the control socket, once a call created it (for tests and diagnostics). */
  public async controlDirectory(): Promise<string | undefined> {
    return this.controlDir === undefined ? undefined : this.controlDir.catch(() => undefined);
  }

  /** Runs one ssh process for an encoded request and resolves to what it wrote on stdout. */
  public async exchange(body: Buffer, call: ChannelCall): Promise<Buffer> {
    this.assertOpen();
    const { requestId, timeoutMs, signal } = call;
    if (!isValidRequestId(requestId)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `${this.description}: requestId: control characters are not allowed`,
      );
    }
    refuseMetadata(call.metadata, this.description);
    // One deadline for the whole call: the wait for a slot counts against it,
    // and the ssh process gets what is left.
    const deadline = performance.now() + timeoutMs;
    await this.slots.acquire({ deadline, timeoutMs, signal });
    try {
      const args = [
        ...sshArguments(this.ssh, await this.controlPath()),
        ...destinationArguments(this.target),
        remoteCommandLine(this.target.path, this.ssh.remoteCommand, requestId),
      ];
      const remainingMs = this.remainingBeforeSend(deadline, timeoutMs, signal);
      this.logger.debug('ssh call', { url: this.description, method: call.method, requestId });
      let stop: (() => void) | undefined;
      const run = await runSshProcess(this.ssh.sshPath ?? 'ssh', args, body, {
        timeoutMs: remainingMs,
        signal,
        maxStdoutBytes: this.maxResponseBytes,
        onStart: (stopRun) => {
          stop = stopRun;
          this.running.add(stopRun);
        },
      });
      if (stop !== undefined) this.running.delete(stop);
      return classifySshRun(run, this.description, timeoutMs);
    } finally {
      // Also when the call ended before ssh started: a slot is never lost.
      this.slots.release();
    }
  }

  /** Stops calls in flight, ends the shared connection (`ssh -O exit`) and removes the socket directory. Safe to call twice. */
  public close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const stop of this.running) stop();
    this.slots.failAll(this.closedBeforeSent());
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

  /**
   * The time the ssh process gets, checked between the slot and the spawn:
   * a call that was closed, aborted or ran out of time by then was not sent.
   */
  private remainingBeforeSend(deadline: number, timeoutMs: number, signal: AbortSignal | undefined): number {
    if (this.closing !== undefined) throw this.closedBeforeSent();
    if (signal?.aborted === true) throw this.slots.abortedBeforeSent(signal);
    const remainingMs = Math.ceil(deadline - performance.now());
    if (remainingMs <= 0) throw this.slots.timedOutBeforeSent(timeoutMs);
    return remainingMs;
  }

  /** A waiting call's error at `close()`: like the refusal of a call after it, but a TransportError, as it was accepted. */
  private closedBeforeSent(): TransportError {
    return new TransportError(
      'SPINDLE_CLOSED',
      `${this.description}: the client was closed before the call was sent`,
      'not-executed',
      this.description,
    );
  }

  /** `…/%C` in this channel's private directory, or undefined when multiplexing is off. */
  private async controlPath(): Promise<string | undefined> {
    if (this.ssh.multiplex === false) return undefined;
    this.controlDir ??= (async () => {
      const base = tmpdir().length <= MAX_CONTROL_DIR_LENGTH - 20 ? tmpdir() : '/tmp';
      return mkdtemp(join(base, 'spindle-ssh-'));
    })();
    return join(await this.controlDir, '%C');
  }
}
