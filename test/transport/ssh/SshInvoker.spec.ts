import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createProxy,
  Fault,
  invokerOf,
  SpindleError,
  SshInvoker,
  TransportError,
  XmlRpcServiceExporter,
} from '../../../src/index.js';
import { freePort } from '../../helpers/ports.js';
import { assertTransportError, rejectionOf } from '../../helpers/rejections.js';
import { bridgeCommand, makeKeyPair, TestSshd } from '../../helpers/sshd.js';
import { Calculator } from './fixtures/Calculator.js';
import { writeCalculatorContext } from './fixtures/context.js';
import { eventually, processesMentioning } from './processes.js';

/** A struct as the codec decodes it: a plain object. */
function struct(fields: Record<string, unknown>): Record<string, unknown> {
  return { ...fields };
}

describe('ssh:// transport against a real sshd', function () {
  this.timeout(60_000);
  let sshd: TestSshd;
  let work: string;
  let contextFile: string;
  const invokers: { close(): Promise<void> }[] = [];

  /** A client for `path` that the test closes in afterEach. */
  const client = (path: string, options: ConstructorParameters<typeof SshInvoker>[1] = {}): SshInvoker => {
    const invoker = new SshInvoker(sshd.url(path), {
      timeoutMs: 20_000,
      ...options,
      ssh: sshd.sshOptions(options.ssh),
    });
    invokers.push(invoker);
    return invoker;
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'spindle-ssh-test-'));
    contextFile = await writeCalculatorContext(work);
    sshd = await TestSshd.start(bridgeCommand(contextFile));
  });
  afterEach(async () => {
    await Promise.all(invokers.splice(0).map((invoker) => invoker.close()));
    await sshd.setForcedCommand(bridgeCommand(contextFile));
  });
  after(async () => {
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('calls a service through spindle bridge, values of every type intact', async () => {
    const calculator = client('/Calculator');
    assert.equal(await calculator.invoke('add', [2, 3]), 5);
    const value = struct({
      text: 'grüße <&> \u{1F600}',
      count: -7,
      ratio: 0.25,
      flag: false,
      nothing: null,
      data: Buffer.from([0, 1, 2, 255]),
      when: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
      big: 9007199254740993n,
      list: [1, 'two', [struct({ three: 3 })]],
    });
    const echoed = (await calculator.invoke('echo', [value])) as Record<string, unknown>;
    assert.deepEqual(echoed, value);
  });

  it('sends the URL path as the remote command, and the bridge picks the service by it', async () => {
    assert.match(
      String(await client('/Calculator').invoke('originalCommand', [])),
      /^\/Calculator --request-id=[\w.~%-]+$/,
    );
    assert.equal(await client('/Greeter').invoke('greet', ['ssh']), 'hello ssh');
  });

  it('passes faults through as Fault, and keeps working after one', async () => {
    const calculator = client('/Calculator');
    const fault = await rejectionOf(calculator.invoke('fail', ['no credits']));
    assert.ok(fault instanceof Fault);
    assert.equal(fault.faultCode, 42);
    assert.equal(fault.faultString, 'no credits');
    const missing = await rejectionOf(calculator.invoke('nope', []));
    assert.ok(missing instanceof Fault);
    assert.equal(missing.faultCode, -32601);
    const noService = await rejectionOf(client('/Elsewhere').invoke('add', [1, 2]));
    assert.ok(noService instanceof Fault);
    assert.match(noService.faultString, /no service at path '\/Elsewhere'/);
    assert.equal(await calculator.invoke('add', [1, 1]), 2);
  });

  it('carries a ~1 MB payload both ways', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const blob = Buffer.alloc(256 * 1024, 7);
    const echoed = (await client('/Calculator').invoke('echo', [[big, blob]])) as [string, Buffer];
    assert.equal(echoed[0].length, big.length);
    assert.equal(echoed[0], big);
    assert.deepEqual(echoed[1], blob);
  });

  it('refuses a server whose host key is not the known one: not executed', async () => {
    const other = await makeKeyPair(join(work, 'impostor_host'));
    const knownHostsFile = join(work, 'wrong_known_hosts');
    await writeFile(knownHostsFile, `${sshd.knownHostsLine(other.publicKey)}\n`);
    const error = await rejectionOf(client('/Calculator', { ssh: { knownHostsFile } }).invoke('add', [1, 2]));
    assertTransportError(
      error,
      'SPINDLE_SSH_HOST_KEY_REJECTED',
      'not-executed',
      /Host key verification failed/,
    );
  });

  it('refuses an unknown host under strict checking by default: not executed', async () => {
    const knownHostsFile = join(work, 'empty_known_hosts');
    await writeFile(knownHostsFile, '');
    const error = await rejectionOf(client('/Calculator', { ssh: { knownHostsFile } }).invoke('add', [1, 2]));
    assertTransportError(error, 'SPINDLE_SSH_HOST_KEY_REJECTED', 'not-executed');
  });

  it("reports a key the server refuses: not executed, with ssh's words", async () => {
    const stranger = await makeKeyPair(join(work, 'stranger'));
    const error = await rejectionOf(
      client('/Calculator', { ssh: { identityFile: stranger.privateKey } }).invoke('add', [1, 2]),
    );
    assertTransportError(error, 'SPINDLE_SSH_AUTH_FAILED', 'not-executed', /Permission denied/);
  });

  it('reports a refused connection: not executed', async () => {
    const port = await freePort();
    const invoker = new SshInvoker(`ssh://${sshd.user}@127.0.0.1:${port}/Calculator`, {
      ssh: sshd.sshOptions(),
    });
    invokers.push(invoker);
    const error = await rejectionOf(invoker.invoke('add', [1, 2]));
    assertTransportError(error, 'SPINDLE_SSH_CONNECT_FAILED', 'not-executed', /Connection refused/);
  });

  it('times out a hung remote with outcome unknown, leaving no ssh process behind', async () => {
    const calculator = client('/Calculator');
    assert.equal(await calculator.invoke('add', [1, 1]), 2); // the shared connection is up
    const dir = await calculator.controlDirectory();
    assert.ok(dir !== undefined);
    const error = await rejectionOf(calculator.invoke('sleep', [3000], { timeoutMs: 1000 }));
    // A timeout error is the proof the timeout ended the call: had the remote answered first,
    // the call would have resolved (no elapsed-time assertion, which would depend on speed).
    assertTransportError(error, 'SPINDLE_CLIENT_TIMEOUT', 'unknown');
    // Per-call clients carry ControlPath=<dir>/%C on their command line; the master shows "<dir>/… [mux]".
    const clients = (): unknown[] => processesMentioning(`ControlPath=${dir}`);
    assert.ok(await eventually(() => clients().length === 0, 15_000), JSON.stringify(clients()));
    // The remote bridge is not killed by sshd (no pty); it ends when its method does.
    const bridges = (): unknown[] => processesMentioning(`bridge ${contextFile}`);
    assert.ok(await eventually(() => bridges().length === 0, 20_000), JSON.stringify(bridges()));
    assert.equal(await calculator.invoke('add', [2, 2]), 4, 'the transport still works after a timeout');
  });

  it('stops a call when its AbortSignal fires: outcome unknown', async () => {
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 500).unref();
    const error = await rejectionOf(
      client('/Calculator').invoke('sleep', [2000], { signal: controller.signal }),
    );
    assertTransportError(error, 'SPINDLE_CLIENT_ABORTED', 'unknown');
  });

  it('reuses one connection through a control socket, removed with its master at close()', async () => {
    const calculator = client('/Calculator');
    await Promise.all([1, 2, 3].map((n) => calculator.invoke('add', [n, n])));
    assert.equal(await calculator.invoke('add', [5, 5]), 10);
    const dir = await calculator.controlDirectory();
    assert.ok(dir !== undefined && existsSync(dir));
    const sockets = (await readdir(dir)).filter((name) => statSync(join(dir, name)).isSocket());
    assert.equal(sockets.length, 1, `one control socket in ${dir}`);
    assert.ok(
      processesMentioning(dir).some((entry) => entry.command.includes('[mux]')),
      'a master runs',
    );
    await calculator.close();
    assert.equal(existsSync(dir), false, 'the socket directory is removed');
    assert.ok(await eventually(() => processesMentioning(dir).length === 0), 'the master has exited');
    await assert.rejects(calculator.invoke('add', [1, 1]), { code: 'SPINDLE_CLOSED' });
  });

  it('works without multiplexing too', async () => {
    const calculator = client('/Calculator', { ssh: { multiplex: false } });
    assert.equal(await calculator.invoke('add', [20, 22]), 42);
    assert.equal(await calculator.controlDirectory(), undefined);
  });

  it('gives a typed error for an answer that is not XML-RPC', async () => {
    await sshd.setForcedCommand('cat >/dev/null; echo "Welcome to the shell"');
    const error = await rejectionOf(client('/Calculator').invoke('add', [1, 2]));
    assertTransportError(error, 'SPINDLE_CLIENT_BAD_RESPONSE', 'unknown', /Welcome to the shell/);
  });

  it('reports a remote command that dies without answering: outcome unknown, with its stderr', async () => {
    await sshd.setForcedCommand('cat >/dev/null; echo "node manager crashed" >&2; exit 3');
    const error = await rejectionOf(client('/Calculator').invoke('add', [1, 2]));
    assertTransportError(error, 'SPINDLE_SSH_REMOTE_FAILED', 'unknown', /exit 3.*node manager crashed/);
  });

  it('refuses call metadata, which does not travel over ssh yet, before sending anything', async () => {
    const invoker = client('/Calculator');
    const proxy = createProxy<{ add(a: number, b: number): number }>(invoker, {
      interceptors: [
        (call, next) =>
          next({ ...call, options: { ...call.options, metadata: { 'x-api-token': 'sesame' } } }),
      ],
    });
    const error = await rejectionOf(proxy.add(1, 2));
    // The caller's mistake, not a transport failure: a pool must not retry it elsewhere or blame the member.
    assert.ok(error instanceof SpindleError && !(error instanceof TransportError), String(error));
    assert.equal(error.code, 'SPINDLE_INVALID_ARGUMENT');
    assert.match(
      error.message,
      /metadata \(x-api-token\) does not travel over ssh:\/\/ yet; the call was not sent/,
    );
    assert.equal(await invoker.controlDirectory(), undefined, 'no ssh connection was made');
    assert.equal(await invoker.invoke('add', [1, 2], { metadata: {} }), 3, 'empty metadata is no metadata');
  });

  describe('spindle bridge <url> as the forced command (the PlanetLab shape)', () => {
    let exporter: XmlRpcServiceExporter | undefined;
    afterEach(async () => {
      await exporter?.close();
      exporter = undefined;
    });

    it('forwards each request to the local XML-RPC server', async () => {
      exporter = new XmlRpcServiceExporter({ service: new Calculator(), servicePort: 0 });
      await exporter.start();
      await sshd.setForcedCommand(bridgeCommand(exporter.url ?? ''));
      const proxy = createProxy<{ add(a: number, b: number): number; fail(m: string): never }>(
        sshd.url('/'),
        {
          ssh: sshd.sshOptions(),
        },
      );
      invokers.push(invokerOf(proxy));
      assert.equal(await proxy.add(40, 2), 42);
      await assert.rejects(
        proxy.fail('ticket expired'),
        (error: unknown) => error instanceof Fault && error.faultCode === 42,
      );
    });

    it('reports a local server that is down as not executed', async () => {
      await sshd.setForcedCommand(bridgeCommand(`http://127.0.0.1:${await freePort()}/`));
      const error = await rejectionOf(client('/').invoke('add', [1, 2]));
      assertTransportError(
        error,
        'SPINDLE_SSH_REMOTE_FAILED',
        'not-executed',
        /spindle bridge: .*ECONNREFUSED/,
      );
    });
  });
});
