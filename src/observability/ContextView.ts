import type { ApplicationContext } from '../builtins/index.js';
import { XmlRpcServiceExporter } from '../exporter/index.js';
import { HighAvailabilityProxy } from '../ha/index.js';
import { invokerOf, isRemoteProxy } from '../proxy/index.js';

/** What a context object is, as the status page shows it. */
export type ObjectKind = 'exporter' | 'proxy' | 'pool' | 'object' | 'not created';

/** One object of the context. */
export interface ObjectSummary {
  readonly id: string;
  /** The `class` attribute as written, or `(bound in code)`. */
  readonly className: string;
  readonly scope: string;
  readonly kind: ObjectKind;
}

/** Labels a client call carries in logs and metrics. */
export interface TargetLabels {
  /** The context id of the proxy or pool the call went through; else the URL's last path segment. */
  readonly service: string;
  /** The pool member's description, when the call is a pool's attempt. */
  readonly member?: string;
}

/** The service name an unknown target is shown under: its URL's last path segment. */
function serviceOfUrl(target: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(target)?.[1] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.at(-1) ?? (target.startsWith('ha:') ? target.slice(3) : 'default');
}

/**
 * A read-only view of a loaded context for logs, metrics and the status page:
 * which objects are exporters, proxies and pools, and which context id a
 * client call's target belongs to. Only objects already created are looked at
 * (singletons that are not lazy), so observing never creates anything.
 */
export class ContextView {
  /** Exporters by context id. */
  public readonly exporters = new Map<string, XmlRpcServiceExporter>();
  /** Pools by context id. */
  public readonly pools = new Map<string, HighAvailabilityProxy>();
  /** Plain proxies' targets (descriptions) by context id. */
  public readonly proxies = new Map<string, string>();
  readonly #objects: ObjectSummary[] = [];
  readonly #labels = new Map<string, TargetLabels>();

  public constructor(ctx: ApplicationContext) {
    for (const [id, definition] of ctx.definitions()) {
      const created = !definition.abstract && !definition.lazyInit && definition.scope === 'singleton';
      let kind: ObjectKind = created ? 'object' : 'not created';
      if (created) {
        try {
          kind = this.#classify(id, ctx.get(id));
        } catch {
          kind = 'not created'; // created asynchronously and not finished: nothing to observe yet
        }
      }
      this.#objects.push({
        id,
        className: definition.className ?? (definition.abstract ? '(abstract)' : '(bound in code)'),
        scope: definition.scope,
        kind,
      });
    }
  }

  /** Every object of the context, in definition order. */
  public objects(): readonly ObjectSummary[] {
    return this.#objects;
  }

  /** The labels of a client call to `target` (a client's description). */
  public labelsFor(target: string): TargetLabels {
    const known = this.#labels.get(target);
    if (known !== undefined) return known;
    // Pools learn members at run time (discovery): look again before guessing.
    for (const [id, pool] of this.pools) {
      if (pool.stats().some((member) => member.description === target)) {
        return this.#remember(target, { service: id, member: target });
      }
    }
    for (const [id, description] of this.proxies) {
      if (description === target) return this.#remember(target, { service: id });
    }
    return this.#remember(target, { service: serviceOfUrl(target) });
  }

  /** The context id of the exporter whose dispatcher is named `service`, or `service` itself. */
  public exporterId(service: string): string {
    for (const [id, exporter] of this.exporters) if (exporter.dispatcher.name === service) return id;
    return service;
  }

  #remember(target: string, labels: TargetLabels): TargetLabels {
    // Bounded: a discovery source churning members must not grow this forever.
    if (this.#labels.size >= 10_000) this.#labels.clear();
    this.#labels.set(target, labels);
    return labels;
  }

  #classify(id: string, object: unknown): ObjectKind {
    if (object instanceof XmlRpcServiceExporter) {
      this.exporters.set(id, object);
      return 'exporter';
    }
    if (object instanceof HighAvailabilityProxy) {
      this.pools.set(id, object);
      return 'pool';
    }
    if (isRemoteProxy(object)) {
      const invoker = invokerOf(object as object);
      if (invoker instanceof HighAvailabilityProxy) {
        this.pools.set(id, invoker);
        return 'pool';
      }
      this.proxies.set(id, invoker.description);
      return 'proxy';
    }
    return 'object';
  }
}
