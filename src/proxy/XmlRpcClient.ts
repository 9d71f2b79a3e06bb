import { randomUUID } from 'node:crypto';

import { callChannels } from '../common/callChannels.js';
import type { ClientCallStart } from '../common/callChannels.js';
import { SpindleError } from '../common/SpindleError.js';
import type { DecodeLimits, DecodeOptions, ResolvedDecodeOptions } from '../codec/index.js';
import { encodeCall, resolveDecodeOptions } from '../codec/index.js';
import type { HttpTransportOptions } from '../transport/client/index.js';
import type { SshOptions } from '../transport/ssh/SshOptions.js';
import { HttpTransport } from '../transport/client/index.js';
import { clientCallEnd } from '../rpc/client/clientCallEnd.js';
import { decodeCallResponse } from '../rpc/client/decodeCallResponse.js';
import type { CallOptions, Invoker } from '../rpc/Invoker.js';
import { callerBudget } from '../rpc/client/callerBudget.js';

/**
 * Options of an XML-RPC client over HTTP or HTTPS: the HTTP transport's
 * (`tls`, `username`, `password`, `headers`, `proxy`, `maxResponseBytes`,
 * `maxSockets`, `logger`), plus these.
 */
export interface XmlRpcClientOptions extends HttpTransportOptions {
  /** Time allowed for each call, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Limits applied when decoding responses. @default the codec's defaults */
  readonly decodeLimits?: Partial<DecodeLimits>;
  /**
   * How results are shaped: `dateTimes` (`'date'`: a `Date`, a zone-less text
   * read as UTC; `'naive'`: an `XmlRpcDateTime`) and `structs` (`'object'`:
   * plain objects; `'null-prototype'`). See docs/codec.md.
   * @default { dateTimes: 'date', structs: 'object' }
   */
  readonly decoding?: DecodeOptions;
  /** Settings of the ssh client for `ssh://` URLs (key, known hosts, host key checking). @default {} */
  readonly ssh?: SshOptions;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * An `Invoker` that sends each call as one XML-RPC request over HTTP(S) on a
 * keep-alive connection pool. `invoke` resolves with the decoded result, or
 * rejects with the server's `Fault` or a `TransportError` (a `ProtocolError`
 * for non-200 answers) whose `outcome` says whether the call may have run.
 *
 * @example
 * const client = new XmlRpcClient('http://user:pw@127.0.0.1:8000/RPC2', { timeoutMs: 5000 });
 * await client.invoke('examples.getStateName', [41]);
 */
export class XmlRpcClient implements Invoker {
  public readonly description: string;
  private readonly transport: HttpTransport;
  private readonly timeoutMs: number;
  private readonly decodeLimits: Partial<DecodeLimits> | undefined;
  private readonly decoding: ResolvedDecodeOptions;
  /** Request ids are this client's random prefix plus a counter: unique, and cheap per call. */
  private readonly idPrefix = randomUUID().slice(0, 18);
  private nextId = 0;

  public constructor(url: string | URL, options: XmlRpcClientOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `not a URL: '${redact(String(url))}'`, {
        cause: error,
      });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `timeoutMs must be a positive number, got ${timeoutMs}`,
      );
    }
    this.timeoutMs = timeoutMs;
    this.decodeLimits = options.decodeLimits;
    this.decoding = resolveDecodeOptions(options.decoding);
    // The transport reads its own options and ignores the client's.
    this.transport = new HttpTransport(parsed, options);
    this.description = this.transport.description;
  }

  public invoke(method: string, params: readonly unknown[], options: CallOptions = {}): Promise<unknown> {
    // Encoding errors are the caller's (an unencodable argument): they surface
    // as the codec's own error, before anything is sent.
    let body: Buffer;
    try {
      body = encodeCall(method, params);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const requestId =
      options.requestId ?? `${this.idPrefix}${(this.nextId++).toString(16).padStart(12, '0')}`;
    // Not an async function: the common path hands back the exchange's own
    // promise, without the extra turns an async wrapper costs each call.
    if (!callChannels.clientEnd.hasSubscribers) return this.exchange(body, requestId, options);
    return this.observed(method, body, requestId, options);
  }

  /** `invoke` with the diagnostics channel told of the call's start and end. */
  private async observed(
    method: string,
    body: Buffer,
    requestId: string,
    options: CallOptions,
  ): Promise<unknown> {
    const start: ClientCallStart = { target: this.description, method, requestId };
    callChannels.clientStart.publish(start);
    const began = performance.now();
    try {
      const result = await this.exchange(body, requestId, options);
      callChannels.clientEnd.publish({ ...start, outcome: 'result', durationMs: performance.now() - began });
      return result;
    } catch (error) {
      callChannels.clientEnd.publish(clientCallEnd(start, error, performance.now() - began));
      throw error;
    }
  }

  /** Posts one encoded call and decodes the answer. */
  private exchange(body: Buffer, requestId: string, options: CallOptions): Promise<unknown> {
    return this.transport
      .post(body, {
        timeoutMs: callerBudget(options.timeoutMs ?? this.timeoutMs),
        signal: options.signal,
        requestId,
        idempotent: options.idempotent,
        metadata: options.metadata,
      })
      .then(this.decode);
  }

  /** The result in a response body, or its fault thrown; anything else is a bad response. */
  private readonly decode = (response: Buffer): unknown =>
    decodeCallResponse(response, this.description, this.decodeLimits, this.decoding);

  public close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

/** The URL with any password replaced, for error messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}
