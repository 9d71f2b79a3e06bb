import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span, Tracer } from '@opentelemetry/api';

import type { ServerCall, ServerNext } from '../rpc/index.js';
import type { OpenTelemetryInterceptorOptions } from './OpenTelemetryClientInterceptor.js';
import { failureAttributes } from './failureAttributes.js';
import { remoteParent } from './traceContext.js';

/**
 * A server interceptor that wraps each method call in a `SERVER` span whose
 * parent is the caller's span named by the request's `traceparent` (and
 * `tracestate`): the calling process's client span, so one trace spans
 * processes. The span is active while the method runs (with a context
 * manager registered), so calls the method makes through a proxy with
 * `OpenTelemetryClientInterceptor` become its children. Give it to an
 * exporter's `interceptors`.
 */
export class OpenTelemetryServerInterceptor {
  readonly #tracer: Tracer | undefined;

  public constructor(options: OpenTelemetryInterceptorOptions = {}) {
    this.#tracer = options.tracer;
  }

  public intercept(call: ServerCall, next: ServerNext): Promise<unknown> {
    const tracer = this.#tracer ?? trace.getTracer('spindle');
    const attributes: Attributes = {
      'rpc.system': 'xmlrpc',
      'rpc.service': call.service,
      'rpc.method': call.method,
    };
    if (call.remoteAddress !== undefined) attributes['client.address'] = call.remoteAddress;
    if (call.requestId !== undefined) attributes['spindle.request_id'] = call.requestId;
    return tracer.startActiveSpan(
      `${call.service}/${call.method}`,
      { kind: SpanKind.SERVER, attributes },
      remoteParent(call.metadata),
      async (span: Span) => {
        try {
          return await next();
        } catch (error) {
          span.setAttributes(failureAttributes(error));
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }
}
