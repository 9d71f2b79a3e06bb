import { createTraceState, isSpanContextValid, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Context, SpanContext } from '@opentelemetry/api';

/** W3C Trace Context `traceparent`: version, trace id, parent id, flags (lower-case hex). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/**
 * The W3C Trace Context headers for `span` (`traceparent`, and `tracestate`
 * when it carries one); none for an invalid (non-recording, no-op) span.
 */
export function traceHeaders(span: SpanContext): Record<string, string> {
  if (!isSpanContextValid(span)) return {};
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
  const headers: Record<string, string> = { traceparent: `00-${span.traceId}-${span.spanId}-${flags}` };
  const state = span.traceState?.serialize();
  if (state !== undefined && state !== '') headers['tracestate'] = state;
  return headers;
}

/**
 * The context a server span starts in: the remote parent named by the
 * request's `traceparent` (with its `tracestate`), else a fresh root. Never
 * the ambient context of the server process: a span's parent comes only from
 * the caller.
 */
export function remoteParent(metadata: Readonly<Record<string, string>>): Context {
  const header = metadata['traceparent']?.trim();
  const match = header === undefined ? null : TRACEPARENT.exec(header);
  if (header === undefined || match === null) return ROOT_CONTEXT;
  const [, version = '', traceId = '', spanId = '', flags = ''] = match;
  // Version ff is forbidden; version 00 has nothing after the flags.
  if (version === 'ff' || (version === '00' && header.length !== 55)) return ROOT_CONTEXT;
  const state = metadata['tracestate'];
  const parent: SpanContext = {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16),
    isRemote: true,
    ...(state === undefined ? {} : { traceState: createTraceState(state) }),
  };
  return isSpanContextValid(parent) ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
}
