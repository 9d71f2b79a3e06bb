import assert from 'node:assert/strict';

import { context, createTraceState, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

import { createProxy, Fault, invokerOf, XmlRpcServiceExporter } from '../../src/index.js';
import type { Remote } from '../../src/index.js';
import {
  OpenTelemetryClientInterceptor,
  OpenTelemetryServerInterceptor,
} from '../../src/opentelemetry/index.js';
import { rejectionOf } from '../helpers/rejections.js';

class Inventory {
  public count(item: string): number {
    if (item === 'unknown') throw new Fault(404, `no item ${item}`);
    return item.length;
  }
}

/** The middle service: looks items up in the inventory, with no tracing code of its own. */
class Shop {
  public constructor(private readonly inventory: Remote<Inventory>) {}

  public async stock(item: string): Promise<number> {
    return this.inventory.count(item);
  }
}

describe('spindle/opentelemetry: W3C traceparent propagation with client and server spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const contextManager = new AsyncLocalStorageContextManager();
  let inventoryExporter: XmlRpcServiceExporter;
  let shopExporter: XmlRpcServiceExporter;
  let toInventory: Remote<Inventory>;
  let shop: Remote<Shop>;

  before(async () => {
    context.setGlobalContextManager(contextManager.enable());
    inventoryExporter = new XmlRpcServiceExporter({
      service: new Inventory(),
      serviceName: 'Inventory',
      servicePort: 0,
      interceptors: [new OpenTelemetryServerInterceptor({ tracer })],
    });
    toInventory = createProxy<Inventory>(await inventoryExporter.start(), {
      interceptors: [new OpenTelemetryClientInterceptor({ tracer })],
    });
    shopExporter = new XmlRpcServiceExporter({
      service: new Shop(toInventory),
      serviceName: 'Shop',
      servicePort: 0,
      interceptors: [new OpenTelemetryServerInterceptor({ tracer })],
    });
    shop = createProxy<Shop>(await shopExporter.start(), {
      interceptors: [new OpenTelemetryClientInterceptor({ tracer })],
    });
  });
  after(async () => {
    await invokerOf(shop).close();
    await invokerOf(toInventory).close();
    await shopExporter.close();
    await inventoryExporter.close();
    context.disable();
    await provider.shutdown();
  });
  beforeEach(() => {
    exporter.reset();
  });

  function span(name: string, kind: SpanKind): ReadableSpan {
    const found = exporter.getFinishedSpans().filter((s) => s.name === name && s.kind === kind);
    assert.equal(
      found.length,
      1,
      `one ${SpanKind[kind]} span ${name}: ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
    return found[0]!;
  }

  it('links A → B → C into one trace: each server span is the child of its caller’s client span, via the header', async () => {
    const root = tracer.startSpan('checkout');
    const rootContext = trace.setSpan(context.active(), root);
    const withState = trace.setSpanContext(rootContext, {
      ...root.spanContext(),
      traceState: createTraceState('vendor=opaque'),
    });
    const stock = await context.with(withState, () => shop.stock('apples'));
    root.end();
    assert.equal(stock, 6);

    const clientShop = span('stock', SpanKind.CLIENT);
    const serverShop = span('Shop/stock', SpanKind.SERVER);
    const clientInventory = span('count', SpanKind.CLIENT);
    const serverInventory = span('Inventory/count', SpanKind.SERVER);
    const traceId = root.spanContext().traceId;
    for (const s of [clientShop, serverShop, clientInventory, serverInventory]) {
      assert.equal(s.spanContext().traceId, traceId, `${s.name} is in the caller's trace`);
    }
    assert.equal(clientShop.parentSpanContext?.spanId, root.spanContext().spanId);
    // The server spans' parents came over the wire (remote), not from this process's context.
    assert.equal(serverShop.parentSpanContext?.spanId, clientShop.spanContext().spanId);
    assert.equal(serverShop.parentSpanContext.isRemote, true);
    assert.equal(clientInventory.parentSpanContext?.spanId, serverShop.spanContext().spanId);
    assert.equal(serverInventory.parentSpanContext?.spanId, clientInventory.spanContext().spanId);
    assert.equal(serverInventory.parentSpanContext.isRemote, true);
    assert.equal(serverShop.parentSpanContext.traceState?.get('vendor'), 'opaque', 'tracestate travels too');
    assert.equal(serverInventory.attributes['rpc.method'], 'count');
    assert.equal(serverInventory.attributes['rpc.service'], 'Inventory');
  });

  it('starts a new trace on the server when the caller sends no traceparent', async () => {
    const plain = createProxy<Inventory>(inventoryExporter.url!);
    try {
      assert.equal(await plain.count('pears'), 5);
      const server = span('Inventory/count', SpanKind.SERVER);
      assert.equal(server.parentSpanContext, undefined);
    } finally {
      await invokerOf(plain).close();
    }
  });

  it('marks the spans of a fault as errors, with the fault code, on both sides', async () => {
    const error = await rejectionOf(shop.stock('unknown'));
    assert.ok(error instanceof Fault);
    const server = span('Inventory/count', SpanKind.SERVER);
    assert.equal(server.status.code, SpanStatusCode.ERROR);
    assert.equal(server.attributes['rpc.xmlrpc.fault_code'], 404);
    const client = span('count', SpanKind.CLIENT);
    assert.equal(client.status.code, SpanStatusCode.ERROR);
    assert.equal(client.attributes['rpc.xmlrpc.fault_code'], 404);
  });
});
