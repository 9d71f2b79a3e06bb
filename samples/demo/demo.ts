/**
 * Spindle's main demo (`npm run demo`): three replicas of one service behind
 * a `HighAvailabilityProxy`, a client calling it in a loop, one replica killed
 * mid-run and brought back by the supervisor, and the pool ejecting and
 * re-admitting it while every call keeps succeeding. Ends by itself in about
 * fifteen seconds, stops every process it started (Ctrl-C too), and exits 0
 * only when the story held.
 *
 *   node --import tsx samples/demo/demo.ts [--format xml|yaml] [--interval MS] [--port N]
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ApplicationContext, HighAvailabilityProxy, invokerOf, SpindleError } from 'spindle';

import { Cluster } from './Cluster.js';
import { freePortRun } from './freePortRun.js';
import { Narrator } from './Narrator.js';
import { Story } from './Story.js';
import type { DemoService } from './Story.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const REPLICAS = 3;

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'xml' },
    interval: { type: 'string', default: '250' },
    port: { type: 'string' },
  },
});
if (values.format !== 'xml' && values.format !== 'yaml') {
  console.error('usage: demo.ts [--format xml|yaml] [--interval MS] [--port N]');
  process.exit(2);
}
const format = values.format;

const say = new Narrator();
const base = values.port === undefined ? await freePortRun(REPLICAS) : Number(values.port);
const urls = Array.from({ length: REPLICAS }, (_, i) => `http://127.0.0.1:${String(base + i)}/ServiceName`);
const show = (file: string): string => relative(process.cwd(), join(here, file)) || file;

say.print(
  'Spindle demo: one service, three replicas, one pool, one client that never learns which answered.',
);
say.print(
  `  cluster  spindle run --replicas ${String(REPLICAS)} ${show(`server.${format}`)} --set PORT=${String(base)}`,
  'dim',
);
say.print(`  client   ApplicationContext.load(['${show(`client.${format}`)}']).get('service'):`, 'dim');
say.print(`           a HighAvailabilityProxy over ${urls.join(', ')}`, 'dim');
say.print();

const cluster = new Cluster({
  spindle: join(root, 'bin', 'spindle.js'),
  context: `server.${format}`,
  cwd: here,
  replicas: REPLICAS,
  basePort: base,
});
cluster.on('started', (replica, pid) => {
  say.say('cluster', `replica ${String(replica)} started (pid ${String(pid)})`, 'dim');
});
cluster.on('serving', (replica, url) => {
  say.say('cluster', `replica ${String(replica)} serving ${url}`, 'dim');
});
cluster.on('exited', (replica, how) => {
  say.say('cluster', `replica ${String(replica)} exited with ${how}`, 'note');
});
cluster.on('line', (line) => {
  say.say('cluster', line, 'dim');
});

let stopped = false;
// Last resort: whatever happens to this process, its cluster does not outlive it.
process.once('exit', () => {
  if (!stopped) cluster.killGroup();
});

const story = new Story(say, cluster, { intervalMs: Number(values.interval), victim: 1, basePort: base });
let interrupts = 0;
let calling = false;
const interrupt = (signal: NodeJS.Signals): void => {
  interrupts += 1;
  if (interrupts === 1) {
    say.say('demo', `${signal}: stopping the client, then the cluster`, 'note');
    story.interrupt();
    // Still starting: stop the cluster now, which ends the wait for it.
    if (!calling) void cluster.stop();
  } else {
    say.say('demo', 'still cleaning up (the replicas are draining); one moment', 'note');
  }
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

let ok = false;
try {
  await cluster.ready(30_000);
  const settings = Object.fromEntries(urls.map((_, i) => [`PORT${String(i)}`, String(base + i)]));
  const context = await ApplicationContext.load([join(here, `client.${format}`)], { settings });
  try {
    const service = context.get<DemoService>('service');
    const pool = invokerOf(service);
    if (!(pool instanceof HighAvailabilityProxy)) throw new Error("'service' is not a pool");
    calling = true;
    ok = await story.run(service, pool);
  } finally {
    await context.close();
  }
} catch (error) {
  if (interrupts === 0)
    say.say('demo', SpindleError.is(error) ? `${error.code}: ${error.message}` : String(error), 'bad');
} finally {
  say.say('demo', 'stopping the cluster (SIGTERM: each replica drains its calls, then exits)', 'dim');
  await cluster.stop();
  stopped = true;
  const processes = cluster.processes();
  const left = processes.filter(isRunning);
  say.say(
    'demo',
    left.length === 0
      ? `all ${String(processes.length)} processes ended (pids ${processes.join(', ')})`
      : `still running: ${left.join(', ')}`,
    left.length === 0 ? 'dim' : 'bad',
  );
  if (left.length > 0) ok = false;
}

process.exitCode = interrupts > 0 ? 130 : ok ? 0 : 1;

/** True while process `pid` exists. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
