import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createProxy } from '../../src/proxy/createProxy.js';
import { httpGet } from '../helpers/httpGet.js';
import { runNode, spindleBin, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { waitFor } from '../discovery/harness/wait.js';
import { freePort, freePortRun, isListening } from '../helpers/ports.js';

// Gate.open() holds the context's start until the file GATE names exists (bounded), so the
// test can look at /readyz while the exporter already listens but the context is not up.
const service = `import { existsSync } from 'node:fs';
export class Calc {
  add(a, b) { return a + b; }
}
export class Gate {
  async open() {
    const file = process.env.GATE;
    for (let i = 0; file && i < 1200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  }
}
`;

const context = `objects:
  - object: calc
    class: ./service.js#Calc
  - object: exporter
    class: XmlRpcServiceExporter
    properties:
      service: {ref: calc}
      serviceName: Calc
      servicePort: \${PORT}
      auth: {users: {ann: secret}, allowInsecure: true}
  - object: gate
    class: ./service.js#Gate
    init-method: open
`;

interface Probe {
  readonly ready: number;
  readonly readyBody: string;
  readonly live: number;
}

async function probe(port: number): Promise<Probe> {
  const base = `http://127.0.0.1:${String(port)}`;
  const ready = await httpGet(`${base}/readyz`);
  const live = await httpGet(`${base}/healthz`);
  return { ready: ready.status, readyBody: ready.body, live: live.status };
}

/**
 * The health endpoints of `spindle run` as Kubernetes meets them, over real
 * HTTP against child processes: 503 while the context starts, 200 once ready,
 * and after SIGTERM readiness 503 while liveness stays 200 and calls are
 * still served (`--drain-delay`); the same per replica with `--replicas`.
 */
describe('spindle run: /healthz and /readyz', function () {
  this.timeout(120_000);

  let dir = '';
  let running: RunningProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-run-health-'));
    writeFileSync(join(dir, 'service.js'), service);
    writeFileSync(join(dir, 'server.yaml'), context);
  });
  afterEach(async () => {
    for (const child of running) await child.stop('SIGKILL');
    running = [];
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (args: readonly string[], env: Record<string, string> = {}): RunningProcess => {
    const child = startNode([spindleBin, 'run', ...args], { cwd: dir, env });
    running.push(child);
    return child;
  };

  it('is 503 while starting, 200 when ready; after SIGTERM readyz is 503, healthz 200, calls still served', async () => {
    const port = await freePort();
    const gate = join(dir, 'gate-open');
    const server = start(['server.yaml', '--set', `PORT=${String(port)}`, '--drain-delay', '600000'], {
      GATE: gate,
    });
    // The exporter listens before the gate object is made: poll until it answers (bounded).
    let starting: Probe | undefined;
    for (let i = 0; i < 600 && starting === undefined; i++) {
      starting = await probe(port).catch(() => undefined);
      if (starting === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(starting, { ready: 503, readyBody: 'starting\n', live: 200 });
    assert.doesNotMatch(server.stdout(), /spindle: ready/);

    writeFileSync(gate, '');
    await server.waitFor(/^spindle: ready/m);
    assert.deepEqual(await probe(port), { ready: 200, readyBody: 'ok\n', live: 200 });

    server.child.kill('SIGTERM');
    await server.waitFor(/^spindle: draining; \/readyz answers 503; still serving for 600000 ms/m);
    assert.deepEqual(await probe(port), { ready: 503, readyBody: 'draining\n', live: 200 });
    const calc = createProxy<{ add(a: number, b: number): Promise<number> }>(
      `http://ann:secret@127.0.0.1:${String(port)}/Calc`,
    );
    assert.equal(await calc.add(2, 3), 5, 'still serving during the drain delay');

    // A second SIGTERM cuts the delay short, as it cuts a drain.
    assert.equal(await server.stop('SIGTERM'), 143);
  });

  it('without --drain-delay stops at once after SIGTERM, exit 0', async () => {
    const port = await freePort();
    const server = start(['server.yaml', '--set', `PORT=${String(port)}`]);
    await server.waitFor(/^spindle: ready/m);
    assert.deepEqual(await probe(port), { ready: 200, readyBody: 'ok\n', live: 200 });
    assert.equal(await server.stop('SIGTERM'), 0);
    assert.doesNotMatch(server.stdout(), /draining/);
  });

  it('--replicas: every replica answers on its own port, and drains on its own after SIGTERM', async () => {
    const port = await freePortRun(2);
    const supervisor = start([
      '--replicas',
      '2',
      'server.yaml',
      '--set',
      `PORT=${String(port)}`,
      '--drain-delay',
      '600000',
    ]);
    await supervisor.waitFor(/^spindle: ready — 2 replicas/m, 60_000);
    assert.deepEqual(await probe(port), { ready: 200, readyBody: 'ok\n', live: 200 });
    assert.deepEqual(await probe(port + 1), { ready: 200, readyBody: 'ok\n', live: 200 });
    supervisor.child.kill('SIGTERM');
    for (const replica of [0, 1]) {
      await supervisor.waitFor(new RegExp(`^\\[replica ${String(replica)}\\] spindle: draining;`, 'm'));
    }
    assert.deepEqual(await probe(port), { ready: 503, readyBody: 'draining\n', live: 200 });
    assert.deepEqual(await probe(port + 1), { ready: 503, readyBody: 'draining\n', live: 200 });
    // The supervisor's death ends the replicas (their lifeline), delay or not.
    await supervisor.stop('SIGKILL');
    await waitFor(
      'both replicas to stop',
      async () => !(await isListening(port)) && !(await isListening(port + 1)),
      30_000,
    );
  });

  it('refuses a --drain-delay that is not a whole number (usage error, exit 2)', async () => {
    const result = await runNode([spindleBin, 'run', 'server.yaml', '--drain-delay', 'soon'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--drain-delay needs a whole number of milliseconds, got 'soon'/);
  });
});
