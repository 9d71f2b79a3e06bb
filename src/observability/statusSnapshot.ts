import type { CallRecorder } from './CallRecorder.js';
import type { ContextView, ObjectSummary } from './ContextView.js';
import { redactText } from './redactSecrets.js';

/** One exporter on the status page. */
export interface ExporterStatus {
  readonly id: string;
  readonly url: string | undefined;
  readonly methods: readonly string[];
  readonly calls: number;
  /** Calls answered with a fault. */
  readonly errors: number;
  readonly inFlight: number;
  readonly meanLatencyMs: number;
}

/** One plain proxy on the status page. */
export interface ProxyStatus {
  readonly id: string;
  readonly target: string;
  readonly calls: number;
  readonly faults: number;
  readonly transportFailures: number;
  readonly lastError: string | null;
}

/** One pool member on the status page. */
export interface MemberStatus {
  readonly description: string;
  readonly state: string;
  readonly calls: number;
  readonly failures: number;
  readonly faults: number;
  readonly ejections: number;
  readonly inFlight: number;
  readonly meanLatencyMs: number;
  readonly p99LatencyMs: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
}

/** One pool on the status page. */
export interface PoolStatus {
  readonly id: string;
  readonly healthy: number;
  readonly retries: number;
  readonly members: readonly MemberStatus[];
}

/** What `GET /status.json` answers. */
export interface StatusSnapshot {
  readonly generatedAt: string;
  readonly pid: number;
  readonly uptimeSeconds: number;
  readonly files: readonly string[];
  readonly objects: readonly ObjectSummary[];
  readonly exporters: readonly ExporterStatus[];
  readonly proxies: readonly ProxyStatus[];
  readonly pools: readonly PoolStatus[];
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
const safe = (text: string | undefined): string | null => (text === undefined ? null : redactText(text));

/** The status page's data, read now from the context and the recorded calls. */
export function statusSnapshot(
  view: ContextView,
  recorder: CallRecorder,
  files: readonly string[],
): StatusSnapshot {
  const exporters = [...view.exporters].map(([id, exporter]): ExporterStatus => {
    const counters = recorder.services.get(exporter.dispatcher.name);
    const calls = counters?.calls ?? 0;
    return {
      id,
      url: exporter.url,
      methods: exporter.methods,
      calls,
      errors: counters?.faults ?? 0,
      inFlight: counters?.inFlight ?? 0,
      meanLatencyMs: calls === 0 ? 0 : round((counters?.totalMs ?? 0) / calls),
    };
  });
  const proxies = [...view.proxies].map(([id, target]): ProxyStatus => {
    const counters = recorder.targets.get(target);
    return {
      id,
      target,
      calls: counters?.calls ?? 0,
      faults: counters?.faults ?? 0,
      transportFailures: counters?.transportFailures ?? 0,
      lastError: safe(counters?.lastError),
    };
  });
  const pools = [...view.pools].map(([id, pool]): PoolStatus => {
    const members = pool.stats().map((member): MemberStatus => {
      const counters = recorder.targets.get(member.description);
      return {
        description: member.description,
        state: member.state,
        calls: member.calls,
        failures: member.failures,
        faults: member.faults,
        ejections: member.ejections,
        inFlight: member.inFlight,
        meanLatencyMs: round(member.meanLatencyMs),
        p99LatencyMs: round(member.p99LatencyMs),
        lastError: safe(counters?.lastError),
        lastErrorAt: counters?.lastErrorAt ?? null,
      };
    });
    return {
      id,
      healthy: members.filter((member) => member.state === 'healthy').length,
      retries: recorder.retries.get(id) ?? 0,
      members,
    };
  });
  return {
    generatedAt: new Date().toISOString(),
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    files,
    objects: view.objects(),
    exporters,
    proxies,
    pools,
  };
}
