import type { BenchRow } from './BenchSection.js';
import { sections } from './sections.js';

/**
 * `npm run bench [-- --json] [-- --quick] [-- --only codec,server]`: runs every
 * section and prints a table with each contender's figure and Spindle's
 * advantage over it in the same case (2.00× = Spindle twice as good; below 1,
 * the contender is better), or one JSON object with `--json`.
 */
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',')) : undefined;

const rows: BenchRow[] = [];
for (const load of sections) {
  const section = await load();
  if (only !== undefined && !only.has(section.name)) continue;
  if (!json) process.stderr.write(`bench: ${section.name}...\n`);
  rows.push(...(await section.run({ quick })));
}

if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, quick, rows }, null, 2)}\n`);
} else {
  process.stdout.write(formatTable(rows));
}

function formatTable(all: readonly BenchRow[]): string {
  const lines = [
    '| section | case | contender | value | unit | spindle advantage |',
    '|---|---|---|---:|---|---:|',
  ];
  for (const row of all) {
    const spindle = all.find(
      (r) => r.section === row.section && r.case === row.case && r.contender === 'spindle',
    );
    const ratio =
      spindle === undefined || row.contender === 'spindle' || row.value === 0
        ? ''
        : `${(row.higherIsBetter ? spindle.value / row.value : row.value / spindle.value).toFixed(2)}×`;
    lines.push(
      `| ${row.section} | ${row.case} | ${row.contender} | ${formatNumber(row.value)} | ${row.unit} | ${ratio} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}
