import assert from 'node:assert/strict';
import { join } from 'node:path';

import { freePort, isListening } from '../helpers/ports.js';
import { root, runNode, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';

const sample = join(root, 'samples', 'spring-remoting');
const expected = 'CLIENT: You got remote data => Hello\n';

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
          await server.waitFor(/running/);
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
    for (const file of files) {
      const result = await runNode([join(root, 'bin', 'spindle.js'), 'check', file], { cwd: sample });
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /^ok: \d+ objects? in 1 file\(s\)\n$/, file);
      assert.equal(result.code, 0, file);
    }
  });
});
