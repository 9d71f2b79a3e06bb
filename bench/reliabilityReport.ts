/**
 * `npm run report:reliability`: runs the fuzz, adversarial and soak suites (and
 * the HA scenarios) from dist/, gathers the figures they record, and writes the
 * table between the markers of docs/reliability.md. Other sections of that
 * page are kept as they are.
 *
 * node dist/bench/reliabilityReport.js [--skip-ha]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const docPath = join(root, 'docs', 'reliability.md');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const BEGIN = '<!-- reliability-figures:begin (npm run report:reliability writes this part) -->';
const END = '<!-- reliability-figures:end -->';

type Figures = Record<string, unknown>;

interface SuiteResult {
  readonly passes: number;
  readonly failures: number;
  readonly failed: readonly string[];
  readonly seconds: number;
  /** Lines the suite printed outside the reporter (the HA scenarios print `[ha name] k=v`). */
  readonly printed: readonly string[];
}

/**
 * Runs mocha with the JSON reporter on `specs`, with figures appended to `out`; one file at a
 * time (`--no-parallel`, whatever .mocharc.json says), so the figures measure no other suite's load.
 */
function runSuite(specs: readonly string[], out: string, nodeFlags: readonly string[] = []): SuiteResult {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [...nodeFlags, mocha, '--no-parallel', '--reporter', 'json', ...specs],
    {
      cwd: root,
      env: { ...process.env, SPINDLE_RELIABILITY_OUT: out },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const stdout = result.stdout;
  const jsonStart = stdout.search(/^\{/m);
  const printed = (jsonStart < 0 ? stdout : stdout.slice(0, jsonStart))
    .split('\n')
    .filter((l) => l.trim() !== '');
  let passes: number;
  let failures: number;
  let failed: string[];
  if (jsonStart >= 0) {
    const report = JSON.parse(stdout.slice(jsonStart)) as {
      stats: { passes: number; failures: number };
      failures: { fullTitle: string; err?: { message?: string } }[];
    };
    passes = report.stats.passes;
    failures = report.stats.failures;
    failed = report.failures.map((f) => `${f.fullTitle}: ${(f.err?.message ?? '').split('\n')[0] ?? ''}`);
  } else {
    passes = 0;
    failures = 1;
    failed = [`mocha did not report (exit ${String(result.status)}): ${result.stderr.slice(0, 500)}`];
  }
  return { passes, failures, failed, seconds: (Date.now() - started) / 1000, printed };
}

function readFigures(out: string): Figures[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Figures);
}

const sum = (rows: readonly Figures[], key: string): number =>
  rows.reduce((n, row) => n + (typeof row[key] === 'number' ? row[key] : 0), 0);
const max = (rows: readonly Figures[], key: string): number =>
  rows.reduce((n, row) => Math.max(n, typeof row[key] === 'number' ? row[key] : 0), 0);
const fmt = (n: unknown, digits = 1): string =>
  typeof n === 'number' ? (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(digits)) : String(n);
const verdict = (suite: SuiteResult): string =>
  suite.failures === 0
    ? `${suite.passes} passed`
    : `**${suite.failures} failed** (${suite.failed.join('; ')})`;

function table(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (head === undefined) return '';
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function main(): void {
  const skipHa = process.argv.includes('--skip-ha');
  const dir = mkdtempSync(join(tmpdir(), 'spindle-reliability-'));
  const out = join(dir, 'figures.jsonl');
  try {
    process.stdout.write('fuzz…\n');
    const fuzz = runSuite(['dist/test/fuzz/**/*.spec.js'], out);
    process.stdout.write('adversarial…\n');
    const adversarial = runSuite(['dist/test/adversarial/**/*.spec.js'], out);
    process.stdout.write('soak…\n');
    const soak = runSuite(['dist/test/soak/**/*.spec.js'], out, ['--expose-gc']);
    let ha: SuiteResult | undefined;
    if (!skipHa && existsSync(join(root, 'dist/test/ha/scenarios.spec.js'))) {
      process.stdout.write('ha scenarios…\n');
      ha = runSuite(['dist/test/ha/scenarios.spec.js'], out);
    }
    const figures = readFigures(out);
    const section = (name: string): Figures[] => figures.filter((f) => f['section'] === name);
    const fuzzRows = [...section('fuzz-decoder'), ...section('fuzz-handler'), ...section('fuzz-http')];
    const soakRow = section('soak')[0] ?? {};
    const server = section('adversarial-server')[0] ?? {};
    const client = section('adversarial-client')[0] ?? {};

    const lines: string[] = [
      BEGIN,
      '',
      `Generated ${new Date().toISOString().slice(0, 10)} on Node ${process.version} (${process.platform}/${process.arch}).`,
      '',
    ];
    lines.push('### Fuzzing (fast-check)', '');
    lines.push(
      table([
        ['target', 'inputs tried', 'typed errors', 'crashes', 'hangs (> 2 s)', 'slowest input'],
        ...fuzzRows.map((row, i) => [
          [
            'decoder (decodeCall + decodeResponse, 2 decodes per input)',
            'ServiceDispatcher.handle',
            'real HTTP exporter',
          ][i] ?? String(row['section']),
          fmt(row['inputs']),
          fmt(row['typedErrors']),
          fmt(row['crashes']),
          fmt(row['hangs']),
          `${fmt(row['maxMs'])} ms`,
        ]),
        [
          '**total**',
          fmt(sum(fuzzRows, 'inputs')),
          fmt(sum(fuzzRows, 'typedErrors')),
          fmt(sum(fuzzRows, 'crashes')),
          fmt(sum(fuzzRows, 'hangs')),
          `${fmt(max(fuzzRows, 'maxMs'))} ms`,
        ],
      ]),
      '',
    );
    const guidedRows = [section('fuzz-coverage-decoder'), section('fuzz-coverage-handler')];
    lines.push(
      'Coverage-guided (V8 block coverage of `dist/src/codec` and `dist/src/transport/server`):',
      '',
      table([
        [
          'target',
          'inputs run',
          'inputs/s',
          'corpus (seeds → final)',
          'blocks covered (seeds → final)',
          'crashes',
          'hangs',
        ],
        ...guidedRows.flatMap((rows, i) =>
          rows.map((row) => [
            ['decoder', 'ServiceDispatcher.handle'][i] ?? '',
            fmt(row['inputs']),
            fmt(Math.round(Number(row['inputsPerSecond']))),
            `${fmt(row['seeds'])} → ${fmt(row['corpusSize'])}`,
            `${fmt(row['seedBlocks'])} → ${fmt(row['corpusBlocks'])}`,
            fmt(row['crashes']),
            fmt(row['hangs']),
          ]),
        ),
      ]),
      '',
      `Suite: ${verdict(fuzz)} in ${fmt(fuzz.seconds)} s (regression fixtures replayed included).`,
      '',
    );
    lines.push('### Adversarial suite', '');
    lines.push(
      table([
        ['part', 'attacks', 'outcome'],
        [
          'server (HTTP, XML, dispatch, handler layers)',
          fmt(server['attacks']),
          `${fmt(server['passed'])} with the exact status/fault, target not run, next call answered, no leak`,
        ],
        [
          'client against hostile servers',
          fmt(client['attacks']),
          `${fmt(client['passed'])} with the exact error, next call on the same proxy answered`,
        ],
        ['rate limits (auth lockout incl. multicall, connections per address)', '3', 'see suite'],
        [
          'multicall amplification (C14b: 3 × 1,000 entries of 200 KB, server in a child process)',
          '1',
          'answers capped at maxResponseBytes; peak RSS growth bound 300 MiB (~90 MiB seen; ~1,100 MiB before the cap)',
        ],
      ]),
      '',
      `Suite: ${verdict(adversarial)} in ${fmt(adversarial.seconds)} s.`,
      '',
    );
    lines.push('### Soak (R13: 1,000 iterations through a pool of 3 replica processes)', '');
    lines.push(
      table([
        ['figure', 'value'],
        ['iterations / calls', `${fmt(soakRow['iterations'])} / ${fmt(soakRow['calls'])}`],
        ['failed calls', fmt(soakRow['failures'])],
        ['slowest call', `${fmt(soakRow['maxLatencyMs'])} ms`],
        [
          'replica RSS after GC at iteration 100 → 1,000 (MiB)',
          `${String(soakRow['replicaRssMiB100'])} → ${String(soakRow['replicaRssMiB1000'])}`,
        ],
        ['largest replica RSS growth', `${fmt(soakRow['maxReplicaGrowthPct'])} % (bound 25 %)`],
        ['client heap growth after GC', `${fmt(soakRow['clientHeapGrowthPct'])} % (bound 10 %)`],
        [
          'client RSS growth (mocha process, warm-up, not asserted)',
          `${fmt(soakRow['clientRssGrowthPct'])} %`,
        ],
        [
          'leaked sockets / timers / handles',
          (soakRow['leakedResources'] as string[] | undefined)?.join(', ') || 'none',
        ],
        ['replica processes left running', fmt(soakRow['liveChildren'])],
      ]),
      '',
      `Suite: ${verdict(soak)} in ${fmt(soak.seconds)} s.`,
      '',
    );
    if (ha !== undefined) {
      lines.push('### HA pool scenarios (test/ha/scenarios.spec.ts, real replica processes)', '');
      const printed = ha.printed
        .map((l) => /\[ha ([\w-]+)\] (.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null);
      lines.push(
        table([
          ['scenario', 'figures'],
          ...printed.map((m) => [m[1] ?? '', (m[2] ?? '').replace(/\|/g, '/')]),
        ]),
        '',
        `Suite: ${verdict(ha)} in ${fmt(ha.seconds)} s.`,
        '',
      );
    }
    lines.push(END);
    const block = lines.join('\n');
    const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
    const begin = current.indexOf(BEGIN);
    const end = current.indexOf(END);
    const next =
      begin >= 0 && end > begin
        ? current.slice(0, begin) + block + current.slice(end + END.length)
        : `${current.trimEnd()}\n\n## Figures\n\n${block}\n`;
    writeFileSync(docPath, next);
    // Keep the page as `npm run lint` wants it (prettier aligns the tables).
    spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--write', docPath],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
    process.stdout.write(`${block}\n`);
    const failedSuites = [fuzz, adversarial, soak, ...(ha === undefined ? [] : [ha])].filter(
      (s) => s.failures > 0,
    );
    process.exitCode = failedSuites.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
