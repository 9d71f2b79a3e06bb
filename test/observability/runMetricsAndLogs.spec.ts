import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { RunningProcess } from '../helpers/nodeProcess.js';
import { startNode } from '../helpers/nodeProcess.js';
import { closedPort } from '../helpers/ports.js';
import {
  fetchText,
  logLines,
  metricValue,
  spindleBin,
  waitUntil,
  writeClientContext,
  writeServerContext,
} from './helpers.js';

const PASSWORD = 'pw-s3cret-9817';
const BASIC = Buffer.from(`alice:${PASSWORD}`).toString('base64');

/** The URL a `spindle run` prints after `pattern`. */
function printed(process: RunningProcess, pattern: RegExp): string {
  const url = pattern.exec(process.stdout())?.[1];
  assert.ok(url !== undefined, `no ${String(pattern)} in ${process.stdout()}`);
  return url;
}

describe('observability: spindle run --metrics and call logs, end to end', function () {
  this.timeout(90_000);
  let dir: string;
  let server: RunningProcess | undefined;
  let client: RunningProcess | undefined;
  let serviceUrl: string;
  let deadUrl: string;
  let serverMetrics: string;
  let clientMetrics: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-obs-'));
    server = startNode(
      [spindleBin, 'run', writeServerContext(dir), '--metrics', '127.0.0.1:0', '--log-level', 'debug'],
      { env: { NO_COLOR: '1' } },
    );
    await server.waitFor(/serving (http:\S+)/, 30_000);
    serviceUrl = printed(server, /serving (http:\S+)/);
    serverMetrics = printed(server, /metrics at (http:\S+)/);
    deadUrl = `http://127.0.0.1:${String(await closedPort())}/Service`;
    // The live member carries credentials in its URL: they must reach no log line.
    const withCredentials = serviceUrl.replace('http://', `http://alice:${PASSWORD}@`);
    const clientContext = writeClientContext(dir, [withCredentials, deadUrl], {
      intervalMs: 50,
      faultEvery: 4,
    });
    client = startNode([
      spindleBin,
      'run',
      clientContext,
      '--metrics',
      '127.0.0.1:0',
      '--log-level',
      'debug',
    ]);
    await client.waitFor(/metrics at (http:\S+)/, 30_000);
    clientMetrics = printed(client, /metrics at (http:\S+)/);
  });

  after(async () => {
    await client?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("carries the client's request id to the server's log line, with service, method and member", async () => {
    const clientLine = await waitUntil(
      'a client log line for a pooled echo',
      () =>
        logLines(client?.stderr() ?? '').find(
          (line) => line['msg'] === 'call' && line['method'] === 'echo' && line['outcome'] === 'result',
        ),
      30_000,
      () => client?.stderr() ?? '',
    );
    assert.equal(clientLine['service'], 'pool');
    assert.equal(clientLine['member'], serviceUrl);
    assert.equal(clientLine['level'], 'debug');
    const requestId = clientLine['requestId'];
    assert.equal(typeof requestId, 'string');
    const serverLine = await waitUntil('the server log line with the same request id', () =>
      logLines(server?.stderr() ?? '').find((line) => line['requestId'] === requestId),
    );
    assert.equal(serverLine['msg'], 'call served');
    assert.equal(serverLine['service'], 'Service');
    assert.equal(serverLine['method'], 'echo');
  });

  it('logs the dead member and its ejection, and never the password in the member URL', async () => {
    const failed = await waitUntil('a transport failure line', () =>
      logLines(client?.stderr() ?? '').find(
        (line) => line['msg'] === 'call failed' && line['method'] === 'echo',
      ),
    );
    assert.equal(failed['level'], 'warn');
    assert.equal(failed['member'], deadUrl);
    assert.equal(failed['transportOutcome'], 'not-executed');
    const ejection = await waitUntil('the ejection line', () =>
      logLines(client?.stderr() ?? '').find((line) =>
        /member http:\S+ healthy -> ejected/.test(String(line['msg'])),
      ),
    );
    // Structured, so a log pipeline filters on them without parsing the message.
    assert.deepEqual(
      [ejection['level'], ejection['service'], ejection['member'], ejection['from'], ejection['to']],
      ['warn', 'pool', deadUrl, 'healthy', 'ejected'],
    );
    assert.match(String(ejection['reason']), /^unreachable/);
    const retry = await waitUntil('the retry line', () =>
      logLines(client?.stderr() ?? '').find((line) => line['msg'] === 'call retried on another member'),
    );
    assert.deepEqual(
      [retry['service'], retry['method'], retry['previousMember'], retry['member'], retry['attempt']],
      ['pool', 'echo', deadUrl, serviceUrl, 2],
    );
    for (const output of [client?.stderr() ?? '', client?.stdout() ?? '', server?.stderr() ?? '']) {
      assert.ok(!output.includes(PASSWORD), 'a log shows the password');
      assert.ok(!output.includes(BASIC), 'a log shows the Authorization value');
    }
  });

  it('exports server-side calls, faults, latency and in-flight series after real calls', async () => {
    const text = await waitUntil('server metrics with calls and faults', async () => {
      const body = await fetchText(serverMetrics);
      const faults = metricValue(body, 'spindle_server_faults_total', {
        service: 'Service',
        method: 'fail',
        code: '42',
      });
      return faults !== undefined && faults >= 1 ? body : undefined;
    });
    assert.ok(
      (metricValue(text, 'spindle_server_calls_total', { service: 'Service', method: 'echo' }) ?? 0) >= 2,
    );
    assert.ok(
      (metricValue(text, 'spindle_server_call_duration_seconds_count', {
        service: 'Service',
        method: 'echo',
      }) ?? 0) >= 2,
    );
    assert.ok(
      (metricValue(text, 'spindle_server_call_duration_seconds_bucket', { method: 'echo', le: '+Inf' }) ??
        0) >= 2,
    );
    // A gauge: present, and never negative (a call may be running right now).
    assert.ok((metricValue(text, 'spindle_server_in_flight_calls', { service: 'Service' }) ?? -1) >= 0);
    assert.notEqual(metricValue(text, 'process_cpu_user_seconds_total'), undefined);
  });

  it('exports proxy-side calls, faults, transport failures, retries, member states and ejections', async () => {
    const text = await waitUntil('client metrics with a fault and a retry', async () => {
      const body = await fetchText(clientMetrics);
      const faults = metricValue(body, 'spindle_client_faults_total', { service: 'pool', method: 'fail' });
      return faults !== undefined && faults >= 1 ? body : undefined;
    });
    assert.ok(
      (metricValue(text, 'spindle_client_calls_total', {
        service: 'pool',
        method: 'echo',
        member: serviceUrl,
      }) ?? 0) >= 2,
    );
    assert.equal(
      metricValue(text, 'spindle_client_transport_failures_total', {
        service: 'pool',
        method: 'echo',
        member: deadUrl,
        outcome: 'not-executed',
      }),
      1,
    );
    assert.equal(metricValue(text, 'spindle_pool_retries_total', { pool: 'pool' }), 1);
    assert.equal(
      metricValue(text, 'spindle_pool_member_state', { pool: 'pool', member: deadUrl, state: 'ejected' }),
      1,
    );
    assert.equal(
      metricValue(text, 'spindle_pool_member_state', { pool: 'pool', member: serviceUrl, state: 'healthy' }),
      1,
    );
    assert.equal(metricValue(text, 'spindle_pool_ejections_total', { pool: 'pool', member: deadUrl }), 1);
    assert.equal(metricValue(text, 'spindle_pool_ejections_total', { pool: 'pool', member: serviceUrl }), 0);
    assert.ok(
      (metricValue(text, 'spindle_client_call_duration_seconds_count', { service: 'pool', method: 'echo' }) ??
        0) >= 2,
    );
    assert.ok((metricValue(text, 'spindle_client_in_flight_calls', { service: 'pool' }) ?? -1) >= 0);
    assert.ok(!text.includes(PASSWORD));
  });
});
