import type { ApplicationContext } from '../../builtins/index.js';
import { EtcdRegistration } from '../../discovery/index.js';
import { XmlRpcServiceExporter } from '../../exporter/index.js';

/** The line `spindle run` prints once everything listens: what a script or a user waits for. */
export const READY_PREFIX = 'spindle: ready';

/** What a started context serves: its exporters (with URL and methods) and etcd registrations. */
export interface Serving {
  readonly exporters: readonly {
    readonly id: string;
    readonly url: string;
    readonly methods: readonly string[];
  }[];
  /** The etcd keys this process registered. */
  readonly registrations: readonly string[];
  /** How many objects the context defines. */
  readonly objects: number;
}

/** Reads what a loaded context serves (eager singletons only: nothing is created for this). */
export function servingOf(ctx: ApplicationContext): Serving {
  const exporters: { id: string; url: string; methods: readonly string[] }[] = [];
  const registrations: string[] = [];
  for (const [id, definition] of ctx.definitions()) {
    if (definition.abstract || definition.lazyInit || definition.scope !== 'singleton') continue;
    const object = ctx.get(id);
    if (object instanceof XmlRpcServiceExporter && object.url !== undefined) {
      exporters.push({ id, url: object.url, methods: object.methods });
    } else if (object instanceof EtcdRegistration && object.key !== undefined) {
      registrations.push(object.key);
    }
  }
  return { exporters, registrations, objects: ctx.definitions().size };
}

/**
 * `spindle: ready — 2 exporters: http://…/Calc, http://…/Other; 1 etcd registration (5 objects); stop with Ctrl-C`,
 * or, with no exporter, that the context keeps running as a worker until a signal.
 */
export function readyLine(serving: Serving): string {
  const objects = `${String(serving.objects)} object${serving.objects === 1 ? '' : 's'}`;
  const registered =
    serving.registrations.length === 0
      ? ''
      : `; ${String(serving.registrations.length)} etcd registration${serving.registrations.length === 1 ? '' : 's'}`;
  if (serving.exporters.length === 0) {
    // Like a Spring context with live non-daemon threads: it stays up until told to stop.
    return `${READY_PREFIX} — no exporter; running as a worker (${objects}) until SIGINT or SIGTERM; stop with Ctrl-C`;
  }
  const count = `${String(serving.exporters.length)} exporter${serving.exporters.length === 1 ? '' : 's'}`;
  const urls = serving.exporters.map((e) => e.url).join(', ');
  return `${READY_PREFIX} — ${count}: ${urls}${registered} (${objects}); stop with Ctrl-C`;
}
