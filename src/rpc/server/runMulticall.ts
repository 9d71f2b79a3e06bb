import { CodecError, encodeResponse, encodeValue, Fault, FAULT_CODES } from '../../codec/index.js';
import type { CallContext } from './CallContext.js';
import { EncodedResponse } from './EncodedResponse.js';
import { currentCall } from './ServerCall.js';

/** What `runMulticall` needs of its dispatcher. */
export interface MulticallHost {
  /** Most calls in one multicall. */
  readonly maxMulticallCalls: number;
  /** Most bytes of one response, the entries' results together. */
  readonly maxResponseBytes: number;
  /** Time the whole multicall may take (0: no limit); its caller is answered with a fault then. */
  readonly callTimeoutMs: number;
  /** Runs one method: its value, a `Fault`, or a promise of either. */
  invoke(method: string, params: unknown[], context: CallContext): unknown;
}

const NO_CONTEXT: CallContext = Object.freeze({});

/**
 * The response around the entries, as the codec writes an array result: the
 * bytes before the first entry and after the last (derived from the codec, so
 * the two cannot drift apart).
 */
const [HEAD, TAIL] = ((): [Buffer, Buffer] => {
  const empty = encodeResponse([]);
  const at = empty.indexOf('</data>');
  return [empty.subarray(0, at), empty.subarray(at)];
})();

function isStruct(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** A multicall entry's failure, in the shape CPython's MultiCall iterator raises from. */
function faultEntry(code: number, message: string): Buffer {
  return encodeValue({ faultCode: code, faultString: message });
}

function isTooLarge(error: unknown): boolean {
  return error instanceof CodecError && error.code === 'SPINDLE_CODEC_LIMIT_EXCEEDED';
}

const MALFORMED = 'a multicall entry is a struct with methodName and params (array)';
const RECURSIVE = 'recursive system.multicall is forbidden';

function notRun(index: number, limit: number): string {
  return `entry ${index} was not run: the response reached maxResponseBytes (${limit} bytes)`;
}

function pastTimeout(index: number, timeoutMs: number): string {
  return `entry ${index} was not run: system.multicall ran past callTimeoutMs (${timeoutMs} ms)`;
}

function notSent(index: number, limit: number): string {
  return `entry ${index} ran, but its result was not sent: the response would be larger than maxResponseBytes (${limit} bytes)`;
}

/**
 * Runs the entries of one `system.multicall` in order. Malformed entries and
 * failed methods become per-entry fault structs; the other entries still run.
 *
 * Each entry's result is encoded as soon as it is known, and only its bytes
 * are kept, counted against `maxResponseBytes` for the whole response, which
 * never grows past it. The first entry whose result does not fit gets a fault
 * saying it ran but its result was not sent; the entries after it are not
 * run, and each gets a fault saying so. Room for those faults is kept from
 * the start, so they always fit; an entry that ran is never reported as not
 * run. A multicall with so many entries that even those faults cannot fit is
 * refused whole, before any entry runs.
 *
 * Once the multicall has run for `callTimeoutMs` (when its caller gets the
 * timeout fault), no further entry is started: nobody would see its result.
 */
export async function runMulticall(host: MulticallHost, calls: readonly unknown[]): Promise<EncodedResponse> {
  // Read before the first await: each entry is served with the multicall's own request context.
  const context = currentCall()?.context ?? NO_CONTEXT;
  const count = calls.length;
  if (count > host.maxMulticallCalls) {
    throw new Fault(
      FAULT_CODES.INVALID_REQUEST,
      `system.multicall: ${count} calls is more than the limit of ${host.maxMulticallCalls}`,
    );
  }
  const limit = host.maxResponseBytes;
  const last = Math.max(0, count - 1);
  // The most bytes an entry can take when it does not run: what every later entry is owed.
  const slot = Math.max(
    faultEntry(FAULT_CODES.INTERNAL_ERROR, notRun(last, limit)).length,
    faultEntry(FAULT_CODES.INTERNAL_ERROR, pastTimeout(last, host.callTimeoutMs)).length,
    faultEntry(FAULT_CODES.INVALID_REQUEST, MALFORMED).length,
    faultEntry(FAULT_CODES.INVALID_REQUEST, RECURSIVE).length,
  );
  const dropped = faultEntry(FAULT_CODES.INTERNAL_ERROR, notSent(last, limit)).length;
  let size = HEAD.length + TAIL.length;
  if (size + count * slot + dropped > limit) {
    throw new Fault(
      FAULT_CODES.INTERNAL_ERROR,
      `system.multicall: ${count} calls cannot be answered within maxResponseBytes (${limit} bytes); none was run`,
    );
  }
  const parts: Buffer[] = [HEAD];
  const deadline = host.callTimeoutMs > 0 ? performance.now() + host.callTimeoutMs : Infinity;
  let full = false;
  for (let i = 0; i < count; i++) {
    const call = calls[i];
    const methodName = isStruct(call) ? call['methodName'] : undefined;
    const params = isStruct(call) ? call['params'] : undefined;
    let part: Buffer;
    if (typeof methodName !== 'string' || !Array.isArray(params)) {
      part = faultEntry(FAULT_CODES.INVALID_REQUEST, MALFORMED);
    } else if (methodName === 'system.multicall') {
      part = faultEntry(FAULT_CODES.INVALID_REQUEST, RECURSIVE);
    } else if (full) {
      part = faultEntry(FAULT_CODES.INTERNAL_ERROR, notRun(i, limit));
    } else if (performance.now() >= deadline) {
      part = faultEntry(FAULT_CODES.INTERNAL_ERROR, pastTimeout(i, host.callTimeoutMs));
    } else {
      const outcome: unknown = await host.invoke(methodName, params as unknown[], context);
      const room = limit - size - (count - i - 1) * slot - dropped;
      const fits = encodeOutcome(outcome, methodName, room);
      full = fits === undefined;
      part = fits ?? faultEntry(FAULT_CODES.INTERNAL_ERROR, notSent(i, limit));
    }
    parts.push(part);
    size += part.length;
  }
  parts.push(TAIL);
  return new EncodedResponse(Buffer.concat(parts, size));
}

/**
 * One entry's `<value>`: `[result]` or a fault struct, at most `room` bytes;
 * undefined when it does not fit. One unencodable entry never sinks the others.
 */
function encodeOutcome(outcome: unknown, methodName: string, room: number): Buffer | undefined {
  const fault = outcome instanceof Fault ? outcome : undefined;
  const code =
    fault === undefined || typeof fault.faultCode !== 'number'
      ? FAULT_CODES.APPLICATION_ERROR
      : fault.faultCode;
  try {
    return encodeValue(
      fault === undefined ? [outcome] : { faultCode: code, faultString: fault.faultString },
      {
        maxBytes: Math.max(0, room),
      },
    );
  } catch (error) {
    if (isTooLarge(error)) return undefined;
    return fault === undefined
      ? faultEntry(FAULT_CODES.INTERNAL_ERROR, `cannot serialize the result of ${methodName.slice(0, 256)}`)
      : faultEntry(code, 'the fault string holds characters XML cannot carry');
  }
}
