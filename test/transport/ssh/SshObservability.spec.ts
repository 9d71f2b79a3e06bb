import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ClientCallEnd } from '../../../src/index.js';
import { CALL_CHANNEL_NAMES, Fault, SshInvoker, XmlRpcServiceExporter } from '../../../src/index.js';
import { CallRecorder } from '../../../src/observability/CallRecorder.js';
import type { LevelLogger } from '../../../src/observability/createLogger.js';
import { SpindleMetrics } from '../../../src/observability/SpindleMetrics.js';
import { logLines, metricValue } from '../../observability/helpers.js';
import { RecordingLogger } from '../../helpers/RecordingLogger.js';
import { assertTransportError, rejectionOf } from '../../helpers/rejections.js';
import { bridgeCommand, makeKeyPair, TestSshd } from '../../helpers/sshd.js';
import { Calculator } from './fixtures/Calculator.js';
import { writeCalculatorContext } from './fixtures/context.js';

/** A recording logger that says every level is on, as the CLI's logger at `--log-level debug` does. */
class DebugRecordingLogger extends RecordingLogger implements LevelLogger {
  public isEnabled(): boolean {
    return true;
  }
}

/** The `requestId` field of the records logged as `message`, in order. */
function loggedIds(logger: RecordingLogger, message: string): unknown[] {
  return logger.records
    .filter((record) => record.message === message)
    .map((record) => record.fields?.['requestId']);
}

describe('ssh:// calls in logs and metrics, like HTTP calls', function () {
  this.timeout(60_000);
  let sshd: TestSshd;
  let work: string;
  let contextFile: string;
  /** Where the bridge's stderr (its JSON log lines at debug) goes on the server. */
  let serverLog: string;
  let logger: DebugRecordingLogger;
  let recorder: CallRecorder;
  let metrics: SpindleMetrics;
  let ends: ClientCallEnd[];
  const onEnd = (message: unknown): void => {
    ends.push(message as ClientCallEnd);
  };
  const invokers: SshInvoker[] = [];

  const client = (path: string, identityFile?: string): SshInvoker => {
    const ssh = sshd.sshOptions(identityFile === undefined ? {} : { identityFile });
    const invoker = new SshInvoker(sshd.url(path), { timeoutMs: 20_000, ssh });
    invokers.push(invoker);
    return invoker;
  };

  /** The bridge on `target`, logging at debug into `serverLog` (sshd runs the forced command with sh -c). */
  const loggingBridge = (target: string): string =>
    `${bridgeCommand(target, '--log-level', 'debug')} 2>>${serverLog}`;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'spindle-ssh-obs-'));
    contextFile = await writeCalculatorContext(work);
    serverLog = join(work, 'bridge.log');
    sshd = await TestSshd.start(loggingBridge(contextFile));
  });
  beforeEach(async () => {
    await writeFile(serverLog, '');
    logger = new DebugRecordingLogger();
    recorder = new CallRecorder(logger);
    metrics = new SpindleMetrics(recorder);
    recorder.addSink(metrics);
    recorder.start();
    ends = [];
    subscribe(CALL_CHANNEL_NAMES.clientEnd, onEnd);
  });
  afterEach(async () => {
    unsubscribe(CALL_CHANNEL_NAMES.clientEnd, onEnd);
    recorder.stop();
    await Promise.all(invokers.splice(0).map((invoker) => invoker.close()));
    await sshd.setForcedCommand(loggingBridge(contextFile));
  });
  after(async () => {
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('publishes each call and counts results, faults and latency in the client metrics', async () => {
    const calculator = client('/Calculator');
    const target = calculator.description;
    assert.equal(await calculator.invoke('add', [2, 3]), 5);
    assert.equal(await calculator.invoke('add', [1, 1]), 2);
    assert.ok((await rejectionOf(calculator.invoke('fail', ['no credits']))) instanceof Fault);

    assert.deepEqual(
      ends.map((end) => [end.target, end.method, end.outcome, end.faultCode]),
      [
        [target, 'add', 'result', undefined],
        [target, 'add', 'result', undefined],
        [target, 'fail', 'fault', 42],
      ],
    );
    assert.equal(new Set(ends.map((end) => end.requestId)).size, 3, 'one id per call');
    const text = (await metrics.render()).body;
    assert.equal(metricValue(text, 'spindle_client_calls_total', { service: target, method: 'add' }), 2);
    assert.equal(metricValue(text, 'spindle_client_faults_total', { service: target, method: 'fail' }), 1);
    assert.equal(
      metricValue(text, 'spindle_client_call_duration_seconds_count', { service: target, method: 'add' }),
      2,
    );
    assert.equal(metricValue(text, 'spindle_client_in_flight_calls', { service: target }), 0);
    assert.deepEqual(
      logger.records.filter((record) => record.message === 'call').map((record) => record.fields?.['method']),
      ['add', 'add', 'fail'],
    );
  });

  it('counts a refused key as a transport failure that did not run', async () => {
    const stranger = await makeKeyPair(join(work, 'stranger'));
    const calculator = client('/Calculator', stranger.privateKey);
    assertTransportError(
      await rejectionOf(calculator.invoke('add', [1, 2])),
      'SPINDLE_SSH_AUTH_FAILED',
      'not-executed',
    );
    assert.equal(ends[0]?.transportOutcome, 'not-executed');
    const text = (await metrics.render()).body;
    assert.equal(
      metricValue(text, 'spindle_client_transport_failures_total', {
        service: calculator.description,
        outcome: 'not-executed',
      }),
      1,
    );
    assert.equal(logger.messages('warn').filter((message) => message === 'call failed').length, 1);
  });

  it("puts the client's request id on the bridge's 'call served' line", async () => {
    const calculator = client('/Calculator');
    assert.equal(await calculator.invoke('add', [20, 22]), 42);
    // An id with spaces and shell characters travels as one word and arrives as written.
    const odd = `ticket 7; $(touch ${join(work, 'pwned')}) 'q' %41 ü`;
    assert.equal(await calculator.invoke('add', [1, 2], { requestId: odd }), 3);

    const clientIds = loggedIds(logger, 'call');
    assert.equal(clientIds.length, 2);
    assert.equal(typeof clientIds[0], 'string');
    assert.equal(clientIds[1], odd);
    const served = logLines(await readFile(serverLog, 'utf8')).filter(
      (line) => line['msg'] === 'call served',
    );
    assert.deepEqual(
      served.map((line) => [line['service'], line['method'], line['requestId']]),
      [
        ['Calculator', 'add', clientIds[0]],
        ['Calculator', 'add', odd],
      ],
    );
    await assert.rejects(readFile(join(work, 'pwned')), { code: 'ENOENT' });
  });

  it('keeps the forced-command shape: the service path is still the first word', async () => {
    const command = (await client('/Calculator').invoke('originalCommand', [], {
      requestId: 'r-1',
    })) as string;
    assert.equal(command, '/Calculator --request-id=r-1');
  });

  it("leaves a custom remoteCommand as written, filling in '{requestId}' where it asks", async () => {
    const custom = (remoteCommand: string): SshInvoker => {
      const invoker = new SshInvoker(sshd.url('/'), { ssh: sshd.sshOptions({ remoteCommand }) });
      invokers.push(invoker);
      return invoker;
    };
    assert.equal(
      await custom('/Calculator').invoke('originalCommand', [], { requestId: 'r 2' }),
      '/Calculator',
    );
    assert.equal(
      await custom('/Calculator --id {requestId}').invoke('originalCommand', [], { requestId: 'r 2' }),
      '/Calculator --id r%202',
    );
  });

  describe('spindle bridge <url> (the PlanetLab shape)', () => {
    let exporter: XmlRpcServiceExporter | undefined;
    afterEach(async () => {
      await exporter?.close();
      exporter = undefined;
    });

    it("forwards the id as X-Request-Id: the local server's line shows the client's id", async () => {
      exporter = new XmlRpcServiceExporter({ service: new Calculator(), servicePort: 0 });
      await exporter.start();
      await sshd.setForcedCommand(loggingBridge(exporter.url ?? ''));
      const node = client('/');
      assert.equal(await node.invoke('add', [40, 2]), 42);
      assert.ok((await rejectionOf(node.invoke('fail', ['ticket expired']))) instanceof Fault);

      const clientIds = loggedIds(logger, 'call');
      assert.equal(clientIds.length, 2);
      // This process is both the ssh client and the local HTTP server behind the bridge.
      assert.deepEqual(loggedIds(logger, 'call served'), clientIds);
      const forwarded = logLines(await readFile(serverLog, 'utf8')).filter(
        (line) => line['msg'] === 'forwarding the call',
      );
      assert.deepEqual(
        forwarded.map((line) => line['requestId']),
        clientIds,
      );
      const text = (await metrics.render()).body;
      assert.equal(metricValue(text, 'spindle_server_calls_total', { method: 'add' }), 1);
      assert.equal(metricValue(text, 'spindle_client_calls_total', { service: node.description }), 2);
    });
  });
});
