import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span, Tracer } from '@opentelemetry/api';

import type { ClientCall, ClientNext } from '../rpc/index.js';
import { failureAttributes } from './failureAttributes.js';
import { traceHeaders } from './traceContext.js';

/** Options of the OpenTelemetry interceptors. */
export interface OpenTelemetryInterceptorOptions {
  /** The tracer spans are made with. @default trace.getTracer('spindle') from the global provider */
  readonly tracer?: Tracer;
}

/**
 * A client interceptor that wraps each call in a `CLIENT` span (a child of
 * the active span, e.g. the server span of the call being served) and sends
 * its W3C Trace Context (`traceparent`, `tracestate`) as call metadata, so the
 * server's span joins the same trace across processes. A fault or transport
 * error sets the span's status to error. Give it to `createProxy`,
 * `XmlRpcProxyFactory` or a pool's `interceptors` (around a pool: one span
 * per pooled call; give it to the members' proxies for one per attempt).
 */
export class OpenTelemetryClientInterceptor {
  readonly #tracer: Tracer | undefined;

  public constructor(options: OpenTelemetryInterceptorOptions = {}) {
    this.#tracer = options.tracer;
  }

  public intercept(call: ClientCall, next: ClientNext): Promise<unknown> {
    const tracer = this.#tracer ?? trace.getTracer('spindle');
    const attributes: Attributes = {
      'rpc.system': 'xmlrpc',
      'rpc.method': call.method,
      'server.address': call.target,
    };
    return tracer.startActiveSpan(
      call.method,
      { kind: SpanKind.CLIENT, attributes },
      context.active(),
      async (span: Span) => {
        try {
          const metadata = { ...call.options.metadata, ...traceHeaders(span.spanContext()) };
          return await next({ ...call, options: { ...call.options, metadata } });
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
