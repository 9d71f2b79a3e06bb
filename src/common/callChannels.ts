import { channel } from 'node:diagnostics_channel';

/**
 * How a call ended: `result`, `fault` (the service's answer) or, on the
 * client side only, `transport` (no answer; see `transportOutcome`).
 */
export type CallEndOutcome = 'result' | 'fault' | 'transport';

/** A call reaching an exported service (published by `ServiceDispatcher`). */
export interface ServerCallStart {
  /** The dispatcher's name: the exporter's `serviceName`, or `default`. */
  readonly service: string;
  readonly method: string;
  /** The caller's `X-Request-Id`, if it sent one. */
  readonly requestId: string | undefined;
}

/** A call answered by an exported service. */
export interface ServerCallEnd extends ServerCallStart {
  readonly outcome: 'result' | 'fault';
  /** The fault code, for `outcome: 'fault'`. */
  readonly faultCode?: number;
  /** Time from decoded request to encoded answer, in milliseconds. */
  readonly durationMs: number;
}

/** A call leaving a client (published by `XmlRpcClient`). */
export interface ClientCallStart {
  /** The client's target, without credentials (a pool member's description). */
  readonly target: string;
  readonly method: string;
  /** The id sent as `X-Request-Id`. */
  readonly requestId: string;
}

/** A client call that settled. */
export interface ClientCallEnd extends ClientCallStart {
  readonly outcome: CallEndOutcome;
  /** The fault code, for `outcome: 'fault'`. */
  readonly faultCode?: number;
  /** For `outcome: 'transport'`: whether the request may have run. */
  readonly transportOutcome?: 'not-executed' | 'unknown';
  /** The error's message, for faults and transport failures (never credentials). */
  readonly error?: string;
  /** Time from sending to settling, in milliseconds. */
  readonly durationMs: number;
}

/**
 * Observation points for logs and metrics, on Node's `diagnostics_channel`:
 * the library publishes call starts and ends and depends on nothing to do so;
 * the CLI (or any application) subscribes. Publishing is skipped entirely
 * while nobody listens, so an unobserved call costs one property read.
 *
 * @example
 * subscribe(CALL_CHANNEL_NAMES.serverEnd, (message) => console.log(message as ServerCallEnd));
 */
export const callChannels = {
  /** Messages are {@link ServerCallStart}. */
  serverStart: channel('spindle:server:call:start'),
  /** Messages are {@link ServerCallEnd}. */
  serverEnd: channel('spindle:server:call:end'),
  /** Messages are {@link ClientCallStart}. */
  clientStart: channel('spindle:client:call:start'),
  /** Messages are {@link ClientCallEnd}. */
  clientEnd: channel('spindle:client:call:end'),
} as const;

/** The channels' names, for `diagnostics_channel.subscribe(name, listener)`. */
export const CALL_CHANNEL_NAMES = {
  serverStart: 'spindle:server:call:start',
  serverEnd: 'spindle:server:call:end',
  clientStart: 'spindle:client:call:start',
  clientEnd: 'spindle:client:call:end',
} as const;
