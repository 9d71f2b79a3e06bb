import assert from 'node:assert/strict';
import { join } from 'node:path';

import { checkInProcess } from '../helpers/checkInProcess.js';
import { freePort, freePortRun, isListening } from '../helpers/ports.js';
import { root, runNode, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';

const sample = join(root, 'samples', 'spring-remoting');
const expected = 'CLIENT: You got remote data => Hello\n';

/** Resolves once the process's stderr matches `pattern`; fails after 30 s or when it exits first. */
async function waitForText(process: RunningProcess, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 600 && !pattern.test(process.stderr()); i++) {
    if (process.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(process.stderr(), pattern);
}

/** Waits (up to 60 s) for the process to exit by itself, then for its output to end; its exit code. */
async function exitCodeOf(process: RunningProcess): Promise<number | null> {
  for (let i = 0; i < 1200 && process.child.exitCode === null && process.child.signalCode === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.stop('SIGKILL');
}

/** The same client.ts in every step, given the step's context file(s). */
async function runClient(files: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const result = await runNode(['--import', 'tsx', 'client.ts', ...files], { cwd: sample, env });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

describe('samples/spring-remoting, step by step (the seed chapter)', () => {
  for (const format of ['xml', 'yaml']) {
    describe(`in ${format.toUpperCase()}`, () => {
      it('step 1: the service as a local object from applicationContext', async () => {
        assert.equal(await runClient([`applicationContext.${format}`]), expected);
      });

      it('step 2: exporter and proxy in one context, the client unchanged', async () => {
        const port = String(await freePort());
        assert.equal(await runClient([`exporterAndProxy.${format}`], { PORT: port }), expected);
      });

      it('step 3: the host/port override', async () => {
        const port = String(await freePort());
        assert.equal(await runClient([`hostPortOverride.${format}`], { PORT: port }), expected);
      });

      describe('step 5: server and client split into two processes', () => {
        let server: RunningProcess | undefined;
        afterEach(async () => {
          await server?.stop('SIGKILL');
          server = undefined;
        });

        it('spindle run serves; the client process calls it; SIGINT stops it cleanly', async () => {
          const port = await freePort();
          server = startNode([join(root, 'bin', 'spindle.js'), 'run', `server.${format}`], {
            cwd: sample,
            env: { PORT: String(port) },
          });
          await server.waitFor(/^spindle: ready/m);
          assert.match(
            server.stdout(),
            new RegExp(
              `'service_exporter' serving http://127\\.0\\.0\\.1:${String(port)}/ServiceName \\(methods: getData\\)`,
            ),
          );
          assert.equal(await runClient([`client.${format}`], { PORT: String(port) }), expected);
          assert.equal(await server.stop('SIGINT'), 0);
          assert.match(server.stdout(), /spindle: stopped\n$/);
          assert.equal(await isListening(port), false);
        });
      });
    });
  }

  describe('a client typed before its server is ready (the README tour, steps 3 and 4)', function () {
    // Real processes: the client waits up to 30 s for the server, the replicas need a few seconds.
    this.timeout(90_000);
    const started: RunningProcess[] = [];
    afterEach(async () => {
      for (const process of started.splice(0)) await process.stop('SIGKILL');
    });

    it('waits for spindle run, saying once what it waits for, then prints its line', async () => {
      const port = String(await freePort());
      const client = startNode(['--import', 'tsx', 'client.ts', 'client.xml'], {
        cwd: sample,
        env: { PORT: port },
      });
      started.push(client);
      await waitForText(
        client,
        /CLIENT: no server answers yet \(.*ECONNREFUSED.*\); retrying for up to 30 s/,
      );
      const server = startNode([join(root, 'bin', 'spindle.js'), 'run', 'server.xml'], {
        cwd: sample,
        env: { PORT: port },
      });
      started.push(server);
      assert.equal(await exitCodeOf(client), 0, client.stderr());
      assert.equal(client.stdout(), expected);
    });

    it('waits for spindle run --replicas 3 behind a pool, then prints its line', async () => {
      const base = await freePortRun(3);
      const ports = { PORT0: String(base), PORT1: String(base + 1), PORT2: String(base + 2) };
      const client = startNode(['--import', 'tsx', 'client.ts', '../demo/client.xml'], {
        cwd: sample,
        env: ports,
      });
      started.push(client);
      await waitForText(client, /CLIENT: no server answers yet \(no available member/);
      const replicas = startNode(
        [
          join(root, 'bin', 'spindle.js'),
          'run',
          '--replicas',
          '3',
          'server.xml',
          '--set',
          `PORT=${String(base)}`,
        ],
        { cwd: sample },
      );
      started.push(replicas);
      assert.equal(await exitCodeOf(client), 0, client.stderr());
      assert.equal(client.stdout(), expected);
      assert.doesNotMatch(client.stderr(), /\n\s+at /, 'no stack trace');
    });
  });

  it('step 4: the programmatic version, no context file, the same client function', async () => {
    const port = String(await freePort());
    const result = await runNode(['--import', 'tsx', 'programmatic.ts'], {
      cwd: sample,
      env: { PORT: port },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, expected);
  });

  it('every sample context passes spindle check', async () => {
    const files = ['applicationContext', 'exporterAndProxy', 'hostPortOverride', 'server', 'client'].flatMap(
      (name) => [`${name}.xml`, `${name}.yaml`],
    );
    // The first through the installed command, as a user types it; the others in this process.
    const [first = '', ...others] = files;
    const result = await runNode([join(root, 'bin', 'spindle.js'), 'check', first], { cwd: sample });
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^ok: \d+ objects? in 1 file\(s\)\n$/, first);
    assert.equal(result.code, 0, first);
    for (const file of others) {
      const checked = await checkInProcess(join(sample, file));
      assert.equal(checked.stderr, '', file);
      assert.match(checked.stdout, /^ok: \d+ objects? in 1 file\(s\)\n$/, file);
      assert.equal(checked.code, 0, file);
    }
  });
});
