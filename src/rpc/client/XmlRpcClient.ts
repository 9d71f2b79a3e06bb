import { randomUUID } from 'node:crypto';

import { callChannels, SpindleError } from '../../common/index.js';
import type { ClientCallStart } from '../../common/index.js';
import type { DecodeLimits, ResolvedDecodeOptions } from '../../codec/index.js';
import { encodeCall, resolveDecodeOptions } from '../../codec/index.js';
import type { CallOptions, Invoker } from '../Invoker.js';
import type { ChannelCall, ClientChannel } from './ClientChannel.js';
import { callerBudget } from './callerBudget.js';
import { clientCallEnd } from './clientCallEnd.js';
import { decodeCallResponse } from './decodeCallResponse.js';
import { openChannel } from './transportRegistry.js';
import type { XmlRpcClientOptions } from './XmlRpcClientOptions.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The XML-RPC client: an `Invoker` that encodes each call, gives it a request
 * id, sends it over a `ClientChannel` and decodes the answer, publishing the
 * call's start and end on `callChannels` while anyone listens. Every scheme
 * goes through it (`http:` and `https:` on a keep-alive connection pool,
 * `ssh:` through the system ssh client, and any registered one), so they fail
 * alike: `invoke` resolves with the decoded result, or rejects with the
 * server's `Fault` or a `TransportError` whose `outcome` says whether the call
 * may have run.
 *
 * Given a URL it opens the channel its scheme is registered for (see
 * `registerTransport`); given a channel it uses that one.
 *
 * @example
 * const client = new XmlRpcClient('http://user:pw@127.0.0.1:8000/RPC2', { timeoutMs: 5000 });
 * await client.invoke('examples.getStateName', [41]);
 */
export class XmlRpcClient implements Invoker {
  public readonly description: string;
  /** Every call settles within its `timeoutMs` when the channel says it ends its exchanges then. */
  public readonly settlesWithinTimeout: boolean;
  private readonly channel: ClientChannel;
  private readonly timeoutMs: number;
  private readonly decodeLimits: Partial<DecodeLimits> | undefined;
  private readonly decoding: ResolvedDecodeOptions;
  /** Request ids are this client's random prefix plus a counter: unique, and cheap per call. */
  private readonly idPrefix = randomUUID().slice(0, 18);
  private nextId = 0;

  public constructor(target: string | URL | ClientChannel, options: XmlRpcClientOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const channel =
      typeof target === 'string' || target instanceof URL ? openChannel(target, options) : target;
    if (!(timeoutMs > 0)) {
      void channel.close();
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `timeoutMs must be a positive number, got ${timeoutMs}`,
      );
    }
    this.channel = channel;
    this.description = channel.description;
    this.settlesWithinTimeout = channel.settlesWithinTimeout === true;
    this.timeoutMs = timeoutMs;
    this.decodeLimits = options.decodeLimits;
    this.decoding = resolveDecodeOptions(options.decoding);
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
    // The caller's options travel whole, so fields the channel reads (and
    // ones added later) need no plumbing here.
    const call: ChannelCall = {
      ...options,
      method,
      // Inside a served call, never wait longer than that call's own caller will.
      timeoutMs: callerBudget(options.timeoutMs ?? this.timeoutMs),
      requestId: options.requestId ?? `${this.idPrefix}${(this.nextId++).toString(16).padStart(12, '0')}`,
    };
    // Not an async function: the common path hands back the channel's own
    // promise, without the extra turns an async wrapper costs each call.
    if (!callChannels.clientEnd.hasSubscribers) return this.channel.exchange(body, call).then(this.decode);
    return this.observed(method, body, call);
  }

  /** `invoke` with the diagnostics channel told of the call's start and end. */
  private async observed(method: string, body: Buffer, call: ChannelCall): Promise<unknown> {
    const start: ClientCallStart = { target: this.description, method, requestId: call.requestId };
    callChannels.clientStart.publish(start);
    const began = performance.now();
    try {
      const result = this.decode(await this.channel.exchange(body, call));
      callChannels.clientEnd.publish({ ...start, outcome: 'result', durationMs: performance.now() - began });
      return result;
    } catch (error) {
      callChannels.clientEnd.publish(clientCallEnd(start, error, performance.now() - began));
      throw error;
    }
  }

  /** The result in a response body, or its fault thrown; anything else is a bad response. */
  private readonly decode = (response: Buffer): unknown =>
    decodeCallResponse(response, this.description, this.decodeLimits, this.decoding);

  /** Closes the channel: sockets, processes and timers; calls in flight fail. Safe to call twice. */
  public close(): Promise<void> {
    return this.channel.close();
  }
}
