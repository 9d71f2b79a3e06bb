import assert from 'node:assert/strict';

import { netnsSupport } from '../helpers/netns.js';
import { NetCluster } from './harness/NetCluster.js';
import type { ScenarioReport } from './harness/scenarios.js';
import {
  blackholeReplica,
  killAndRestart,
  partitionEtcdMember,
  reportTable,
  rollingRestart,
  slowLink,
} from './harness/scenarios.js';

/** Namespaces need root (CAP_NET_ADMIN); checked by trying, once. */
const unsupported = netnsSupport();

/**
 * The behaviour every scenario must keep: each call settled once with an
 * honest outcome, no non-idempotent call ran twice.
 */
function assertHonest(report: ScenarioReport): void {
  assert.ok(report.calls > 0, 'the client made calls during the scenario');
  assert.equal(report.unsettled, 0, 'every call settled exactly once');
  assert.equal(report.outcomes.other, 0, 'every error says whether the call may have run');
  assert.equal(report.duplicates, 0, 'no non-idempotent call ran twice');
  assert.equal(report.dishonest, 0, 'no "not executed" call ran, and every success ran');
  assert.ok(report.outcomes.ok > 0, 'calls kept succeeding through the fault');
}

describe('cluster: 3 replicas and a 3-member etcd, each in its own network namespace', function () {
  this.timeout(180_000);
  let cluster: NetCluster | undefined;
  const reports: ScenarioReport[] = [];

  before(async function () {
    if (unsupported !== undefined) {
      console.log(`      skipped: network namespaces are not permitted here (${unsupported})`);
      this.skip();
    }
    cluster = await NetCluster.start();
  });

  after(async () => {
    if (cluster === undefined) return;
    const lab = cluster.lab;
    await cluster.dispose();
    assert.deepEqual(lab.leftovers(), [], 'every namespace, veth and bridge made is gone');
    if (reports.length > 0) console.log(`\n${reportTable(reports)}\n`);
  });

  it('blackholing one replica (iptables DROP): the pool ejects it, calls go on, and it is re-admitted after the heal', async () => {
    const report = await blackholeReplica(cluster!);
    reports.push(report);
    assertHonest(report);
    assert.notEqual(report.failoverMs, undefined, 'the blackholed replica was ejected');
  });

  it('partitioning the etcd leader (one member of three): no live replica leaves the membership, the watch reaches the majority, every call ends honestly', async () => {
    const report = await partitionEtcdMember(cluster!);
    reports.push(report);
    assertHonest(report);
    // Lease keep-alives move off a silent member (the cut-off one, or a follower stalled on it) within the TTL (2 s).
    assert.equal(
      report.leftMembershipMs,
      undefined,
      `no replica left the membership while one etcd member of three was cut off (${report.notes})`,
    );
    assert.equal(report.outcomes['not-executed'], 0, 'the pool never ran out of members');
  });

  it('SIGKILL and restart of one replica: it leaves by lease expiry and rejoins', async () => {
    const report = await killAndRestart(cluster!);
    reports.push(report);
    assertHonest(report);
    assert.notEqual(report.leftMembershipMs, undefined, 'the killed replica left the membership');
  });

  it('rolling restart of every replica: calls go on and all three are back', async () => {
    const report = await rollingRestart(cluster!);
    reports.push(report);
    assertHonest(report);
  });

  it('a slow link to one replica (a delay proxy in its namespace): every call still ends honestly', async () => {
    const report = await slowLink(cluster!);
    reports.push(report);
    assertHonest(report);
  });
});
