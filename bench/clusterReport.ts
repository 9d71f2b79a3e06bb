/**
 * Runs the multi-host cluster scenarios once (the same harness as
 * test/cluster) and prints their figures as a Markdown table, or writes it to
 * the file given as the first argument. Needs root: replicas and etcd members
 * run in their own network namespaces.
 *
 *   npm run build && node dist/bench/clusterReport.js [report.md]
 */
import { writeFileSync } from 'node:fs';

import { netnsSupport } from '../test/helpers/netns.js';
import { NetCluster } from '../test/cluster/harness/NetCluster.js';
import type { ScenarioReport } from '../test/cluster/harness/scenarios.js';
import { reportTable, SCENARIOS } from '../test/cluster/harness/scenarios.js';

const unsupported = netnsSupport();
if (unsupported !== undefined) {
  console.error(`cluster report: cannot run here: ${unsupported}`);
  process.exit(1);
}
const cluster = await NetCluster.start();
const reports: ScenarioReport[] = [];
try {
  for (const scenario of SCENARIOS) reports.push(await scenario(cluster));
} finally {
  await cluster.dispose();
}
const table = reportTable(reports);
const out = process.argv[2];
if (out === undefined) console.log(table);
else writeFileSync(out, `${table}\n`);
