import { appendFileSync } from 'node:fs';

/**
 * Appends one line of figures (JSON) to the file named by
 * `SPINDLE_RELIABILITY_OUT`, when set: `npm run report:reliability` sets it,
 * runs the suites and builds the table of `docs/reliability.md` from the lines.
 * Without the variable this does nothing, so plain test runs write no files.
 */
export function recordFigures(section: string, figures: Readonly<Record<string, unknown>>): void {
  const out = process.env['SPINDLE_RELIABILITY_OUT'];
  if (out === undefined || out === '') return;
  appendFileSync(out, `${JSON.stringify({ section, ...figures })}\n`);
}
