import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (tests run from dist/test/docs/). */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/** A page of `docs/`, as text. */
export function readDoc(name: string): string {
  return readFileSync(join(repositoryRoot, 'docs', name), 'utf8');
}

/** A source file of the repository, as text (for defaults written only in TSDoc). */
export function readSource(path: string): string {
  return readFileSync(join(repositoryRoot, path), 'utf8');
}

/** One fenced code block: its language, the words after it, its text and where it starts. */
export interface FencedBlock {
  readonly language: string;
  /** The info string after the language, split on spaces (`file=a.xml`, `broken`). */
  readonly info: readonly string[];
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

/** Every ``` fenced block of a Markdown page, in order. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').startsWith('```')) {
      body.push(lines[j] ?? '');
      j += 1;
    }
    const info = (open[2] ?? '').split(/\s+/).filter((word) => word !== '');
    blocks.push({ language: open[1] ?? '', info, text: `${body.join('\n')}\n`, line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The value of `key=value` in a block's info string. */
export function infoValue(block: FencedBlock, key: string): string | undefined {
  const word = block.info.find((w) => w.startsWith(`${key}=`));
  return word?.slice(key.length + 1);
}

/** The text under a heading (`## Name` or `### Name`) up to the next heading of that level or higher. */
export function section(markdown: string, heading: string): string | undefined {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => {
    if (i <= start) return false;
    const hashes = /^(#+)\s/.exec(line)?.[1]?.length;
    return hashes !== undefined && hashes <= level;
  });
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The headings of one level (`###`) inside a piece of Markdown, without the hashes. */
export function headings(markdown: string, level: number): string[] {
  const prefix = `${'#'.repeat(level)} `;
  return markdown
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).trim());
}

/** The cells of every table row whose first cell is a `code` span: name → cells (name cell first). */
export function tableRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name !== undefined) rows.set(name, cells);
  }
  return rows;
}
