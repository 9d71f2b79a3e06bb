import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The compiled fixtures (dist/test/observability/fixtures). */
export const fixtures = join(here, 'fixtures');
/** `bin/spindle.js` of this checkout. */
export const spindleBin = join(here, '..', '..', '..', 'bin', 'spindle.js');

/** Polls `check` until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  detail: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round < 10_000; round++) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${detail() === '' ? '' : `: ${detail()}`}`);
}

/** Writes a server context exporting the fixture `Service` at `/Service` on a free port. */
export function writeServerContext(dir: string): string {
  const file = join(dir, 'server.xml');
  writeFileSync(
    file,
    `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="impl" class="${join(fixtures, 'Service.js')}#Service"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="impl"/>
    <property name="serviceName" value="Service"/>
    <property name="servicePort" value="0"/>
  </object>
</objects>
`,
  );
  return file;
}

/**
 * Writes a client context: pool `pool` over `members` (ejected members wait a
 * minute before a probe, so a test sees them ejected), and a `Caller` that
 * calls it every `intervalMs` (with `fail` every `faultEvery`-th call).
 */
export function writeClientContext(
  dir: string,
  members: readonly string[],
  options: { intervalMs: number; faultEvery: number },
): string {
  const file = join(dir, 'client.xml');
  writeFileSync(
    file,
    `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="pool" class="HighAvailabilityProxy">
    <property name="members">
      <list>
${members.map((url) => `        <value>${url}</value>`).join('\n')}
      </list>
    </property>
    <property name="timeoutMs" value="3000"/>
    <property name="backoff">
      <dict><entry key="initialMs"><value>60000</value></entry><entry key="maxMs"><value>60000</value></entry></dict>
    </property>
  </object>
  <object id="caller" class="${join(fixtures, 'Caller.js')}#Caller" init-method="start" destroy-method="stop">
    <property name="service" ref="pool"/>
    <property name="intervalMs" value="${String(options.intervalMs)}"/>
    <property name="faultEvery" value="${String(options.faultEvery)}"/>
  </object>
</objects>
`,
  );
  return file;
}

/** GETs `url` and returns the body (throws on a status other than 200). */
export async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${String(response.status)}`);
  return response.text();
}

/**
 * The value of the Prometheus series `name` whose labels include `labels`
 * (summed when several match), or undefined when there is none.
 */
export function metricValue(
  exposition: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  let total: number | undefined;
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      found.set(pair[1] ?? '', pair[2] ?? '');
    }
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) {
      total = (total ?? 0) + Number(match[3]);
    }
  }
  return total;
}

/** The JSON log lines in a process's stderr (other lines skipped). */
export function logLines(stderr: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut in the middle of a write: the next poll sees it whole
    }
  }
  return lines;
}
