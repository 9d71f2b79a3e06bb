/**
 * The whole suite as `npm test` runs it: .mocharc.json's settings, and every
 * dist/test spec file with the longest ones first.
 *
 * Why the order: in parallel mode mocha hands the files to its workers in the
 * order it is given them, and a file cannot be split between workers. In path
 * order the transparency and ssh files (over a minute between them on a loaded
 * machine) came last, so one worker could be left running them alone at the end.
 * Longest first, the last files are short ones and every worker stays busy to the end.
 *
 * The list is only an order (from per-file times of a whole run, with coverage,
 * on 2026-12-07): a file not in it still runs, after these. A listed file that
 * is gone fails the run, so that a rename does not silently drop it from the head.
 */
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const base = require('./.mocharc.json');

const root = join(__dirname, 'dist', 'test');

/**
 * Seconds per file in that run, longest first (two files at a time, load average
 * about 3; coverageGuided runs two fuzz targets at once, in worker threads).
 */
const longestFirst = [
  'fuzz/coverageGuided.spec.js', // 55 s
  'transparency/behaviour.spec.js', // 45 s
  'cluster/cluster.spec.js', // 38 s
  'discovery/scenarios.spec.js', // 35 s
  'cli/runLifecycle.spec.js', // 24 s
  'cli/runSamples.spec.js', // 24 s
  'ha/scenarios.spec.js', // 21 s
  'samples/demo.spec.js', // 20 s
  'transport/ssh/SshInvoker.spec.js', // 20 s
  'samples/xmlrpclib.spec.js', // 19 s
  'discovery/endpointLoss.spec.js', // 18 s
  'entries/entries.spec.js', // 11 s
  'cli/bridge.spec.js', // 11 s
  'samples/wheel.spec.js', // 11 s
  'discovery/registry.spec.js', // 11 s
  'fuzz/plantedBugs.spec.js', // 10 s
  'fuzz/contextReaders.spec.js', // 9 s
  'transport/ssh/SshObservability.spec.js', // 9 s
];

for (const file of longestFirst) {
  if (!existsSync(join(root, file))) {
    throw new Error(`.mocharc.suite.cjs lists dist/test/${file}, which is not there: update the list`);
  }
}

const rest = readdirSync(root, { recursive: true })
  .filter((file) => file.endsWith('.spec.js') && !longestFirst.includes(file))
  .sort((a, b) => a.localeCompare(b, 'en'));

module.exports = {
  ...base,
  spec: [...longestFirst, ...rest].map((file) => join('dist', 'test', file)),
};
