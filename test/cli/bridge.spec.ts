import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ServerCallEnd } from '../../src/index.js';
import { CALL_CHANNEL_NAMES, Fault, XmlRpcServiceExporter } from '../../src/index.js';
import { decodeResponse, encodeCall } from '../../src/entries/codec.js';
import { logLines } from '../observability/helpers.js';
import { freePort } from '../helpers/ports.js';
import { Calculator } from '../transport/ssh/fixtures/Calculator.js';
import { writeCalculatorContext } from '../transport/ssh/fixtures/context.js';
import { root, startNode } from '../helpers/nodeProcess.js';

interface BridgeRun {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `spindle bridge <args>` with `input` on stdin and extra `env`, as sshd would. */
async function bridge(
  args: readonly string[],
  input: Buffer | string,
  env: Record<string, string> = {},
): Promise<BridgeRun> {
  const running = startNode([join(root, 'bin', 'spindle.js'), 'bridge', ...args], { env });
  const chunks: Buffer[] = [];
  running.child.stdout.removeAllListeners('data');
  running.child.stdout.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  running.child.stdin.end(input);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => running.child.once('close', resolve));
  clearTimeout(timer);
  return { code, stdout: Buffer.concat(chunks), stderr: running.stderr() };
}

function faultOf(run: BridgeRun): Fault {
  assert.equal(run.code, 0, run.stderr);
  try {
    decodeResponse(run.stdout);
  } catch (error) {
    assert.ok(error instanceof Fault, String(error));
    return error;
  }
  assert.fail(`expected a fault, got ${run.stdout.toString('utf8')}`);
}

describe('spindle bridge', function () {
  this.timeout(30_000);
  let work: string;
  let contextFile: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'spindle-bridge-'));
    contextFile = await writeCalculatorContext(work);
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  describe('with a context file (no port is opened)', () => {
    it('answers the request with the service named by SSH_ORIGINAL_COMMAND', async () => {
      const run = await bridge([contextFile], encodeCall('greet', ['bridge']), {
        SSH_ORIGINAL_COMMAND: '/Greeter',
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(decodeResponse(run.stdout), 'hello bridge');
      assert.equal(run.stderr, '');
    });

    it("logs the ssh client's request id (a second word of SSH_ORIGINAL_COMMAND) on its call line", async () => {
      const run = await bridge([contextFile, '--log-level', 'debug'], encodeCall('greet', ['bridge']), {
        SSH_ORIGINAL_COMMAND: '/Greeter --request-id=ticket%207%3B%20%24(x)',
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(decodeResponse(run.stdout), 'hello bridge');
      const served = logLines(run.stderr).filter((line) => line['msg'] === 'call served');
      assert.deepEqual(
        served.map((line) => [line['service'], line['method'], line['requestId']]),
        [['Greeter', 'greet', 'ticket 7; $(x)']],
      );
    });

    it('takes --request-id over the original command, and makes one up when there is none', async () => {
      const env = { SSH_ORIGINAL_COMMAND: '/Calculator --request-id=from-ssh' };
      const flagged = await bridge(
        [contextFile, '--log-level', 'debug', '--request-id', 'by-hand'],
        encodeCall('add', [1, 2]),
        env,
      );
      assert.equal(decodeResponse(flagged.stdout), 3);
      const ids = (run: BridgeRun): unknown[] =>
        logLines(run.stderr)
          .filter((line) => line['msg'] === 'call served')
          .map((line) => line['requestId']);
      assert.deepEqual(ids(flagged), ['by-hand']);
      const bare = await bridge([contextFile, '--log-level', 'debug'], encodeCall('add', [1, 2]), {
        SSH_ORIGINAL_COMMAND: '/Calculator',
      });
      assert.equal(decodeResponse(bare.stdout), 3);
      assert.match(String(ids(bare)[0]), /^[0-9a-f-]{36}$/);
    });

    it('never listens: an exporter whose port is taken still answers', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = (taken.address() as AddressInfo).port;
        const file = await writeCalculatorContext(work, port);
        const run = await bridge([file, '--path', '/Calculator'], encodeCall('add', [1, 2]));
        assert.equal(run.code, 0, run.stderr);
        assert.equal(decodeResponse(run.stdout), 3);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    });

    it('takes --path over the original command', async () => {
      const run = await bridge([contextFile, '--path', '/Calculator'], encodeCall('add', [20, 22]), {
        SSH_ORIGINAL_COMMAND: '/Greeter',
      });
      assert.equal(decodeResponse(run.stdout), 42);
    });

    it('answers a fault for a service path that does not exist, naming the known ones', async () => {
      const fault = faultOf(
        await bridge([contextFile], encodeCall('add', [1, 2]), { SSH_ORIGINAL_COMMAND: '/Nope' }),
      );
      assert.equal(fault.faultCode, -32601);
      assert.match(fault.faultString, /\/Calculator, \/Greeter/);
    });

    it('answers malformed input with a fault, never a crash', async () => {
      const env = { SSH_ORIGINAL_COMMAND: '/Calculator' };
      for (const input of ['not xml at all', '<?xml version="1.0"?><methodCall><methodName>add', '']) {
        const fault = faultOf(await bridge([contextFile], input, env));
        assert.ok([-32700, -32600].includes(Number(fault.faultCode)), `${input}: ${fault.faultString}`);
      }
    });

    it('exits 75 (not executed) when the context cannot be loaded', async () => {
      const run = await bridge([join(work, 'missing.xml')], encodeCall('add', [1, 2]));
      assert.equal(run.code, 75);
      assert.equal(run.stdout.length, 0);
      assert.match(run.stderr, /spindle bridge: cannot load the context/);
    });

    it('speaks to CPython: a request made with xmlrpc.client.dumps, the reply read with loads', () => {
      const script = `
import subprocess, sys, xmlrpc.client
request = xmlrpc.client.dumps(({'slice': 'princeton_test', 'rspec': [1, 2]},), 'echo')
p = subprocess.run(sys.argv[1:], input=request.encode(), capture_output=True, env={'SSH_ORIGINAL_COMMAND': '/Calculator'})
print(xmlrpc.client.loads(p.stdout)[0][0])
`;
      const output = execFileSync(
        'python3',
        ['-c', script, process.execPath, join(root, 'bin', 'spindle.js'), 'bridge', contextFile],
        {
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      assert.equal(output.trim(), "{'slice': 'princeton_test', 'rspec': [1, 2]}");
    });
  });

  describe('with a URL (forwarding to a local server)', () => {
    let exporter: XmlRpcServiceExporter | undefined;
    afterEach(async () => {
      await exporter?.close();
      exporter = undefined;
    });

    it("forwards the request body and writes the server's response", async () => {
      exporter = new XmlRpcServiceExporter({ service: new Calculator(), servicePort: 0 });
      await exporter.start();
      const run = await bridge([exporter.url ?? ''], encodeCall('add', [2, 3]));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(decodeResponse(run.stdout), 5);
      const fault = faultOf(await bridge([exporter.url ?? ''], encodeCall('fail', ['expired'])));
      assert.equal(fault.faultCode, 42);
    });

    it("sends the ssh client's request id on as X-Request-Id", async () => {
      exporter = new XmlRpcServiceExporter({ service: new Calculator(), servicePort: 0 });
      await exporter.start();
      const served: ServerCallEnd[] = [];
      const onEnd = (message: unknown): void => {
        served.push(message as ServerCallEnd);
      };
      subscribe(CALL_CHANNEL_NAMES.serverEnd, onEnd);
      try {
        const run = await bridge([exporter.url ?? ''], encodeCall('add', [2, 3]), {
          SSH_ORIGINAL_COMMAND: '/ --request-id=nm-ticket-9',
        });
        assert.equal(decodeResponse(run.stdout), 5);
      } finally {
        unsubscribe(CALL_CHANNEL_NAMES.serverEnd, onEnd);
      }
      assert.deepEqual(
        served.map((event) => [event.method, event.requestId]),
        [['add', 'nm-ticket-9']],
      );
    });

    it('exits 75 (not executed) when the local server refuses the connection', async () => {
      const run = await bridge([`http://127.0.0.1:${await freePort()}/`], encodeCall('add', [2, 3]));
      assert.equal(run.code, 75);
      assert.match(run.stderr, /ECONNREFUSED/);
    });

    it('prints its usage and exits 2 without a target', async () => {
      const run = await bridge([], '');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /Usage: spindle bridge/);
    });
  });
});
