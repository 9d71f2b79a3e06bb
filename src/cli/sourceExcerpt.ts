import { readFileSync, statSync } from 'node:fs';

import type { SourceLocation } from '../definitions/index.js';
import type { Paint } from './colors.js';

/** Reads context files once each, for excerpts; a file that cannot be read, or is not a regular file, has no lines. */
export class SourceLines {
  private readonly files = new Map<string, readonly string[] | undefined>();

  /** Line `line` (1-based) of `file`, without its line break, or undefined. */
  public line(file: string, line: number): string | undefined {
    if (!this.files.has(file)) {
      let lines: readonly string[] | undefined;
      try {
        // Only a regular file: reading a FIFO would wait for a writer, a device
        // never ends; the reader has refused such a path with its own problem.
        if (statSync(file).isFile()) lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined; // a missing file is itself the problem being reported
      }
      this.files.set(file, lines);
    }
    return this.files.get(file)?.[line - 1];
  }
}

/** Widest excerpt shown; a longer line (minified or deeply nested XML) is cut around the column. */
const MAX_EXCERPT = 120;

/** The part of `text` shown for `column` (1-based), and the column within it. */
function window(text: string, column: number): { shown: string; column: number } {
  if (text.length <= MAX_EXCERPT) return { shown: text, column };
  const start = Math.max(0, Math.min(column - 1 - MAX_EXCERPT / 2, text.length - MAX_EXCERPT));
  const head = start > 0 ? '…' : '';
  const tail = start + MAX_EXCERPT < text.length ? '…' : '';
  return {
    shown: `${head}${text.slice(start, start + MAX_EXCERPT)}${tail}`,
    column: column - start + head.length,
  };
}

/**
 * The two lines under a `file:line:col: message` line: the source line, and a
 * caret under the column (tabs kept so the caret lines up in a terminal):
 *
 *     9 |     <property name="service_prot" value="7000"/>
 *       |     ^
 *
 * A line longer than 120 characters is cut to 120 around the column, `…` marking
 * the cuts. Empty when the line cannot be read (missing file, line past the end).
 */
export function sourceExcerpt(location: SourceLocation, sources: SourceLines, paint: Paint): string[] {
  const line = sources.line(location.file, location.line);
  if (line === undefined) return [];
  const { shown: text, column } = window(line, location.column);
  const number = String(location.line);
  const gutter = ' '.repeat(number.length);
  const before = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
  return [
    `  ${paint.dim(`${number} |`)} ${text}`,
    `  ${paint.dim(`${gutter} |`)} ${before}${paint.green('^')}`,
  ];
}
