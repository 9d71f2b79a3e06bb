/**
 * Rewrites imports that reach into another folder of src/ past its index
 * (which `npm run lint` refuses, see docs/architecture.md) to go through the
 * folder's index.ts, or its sub-folder's, when that index exports every name
 * imported; then merges the imports of one module into one statement. Names
 * no index exports are listed, for a person to decide (export them from the
 * index, or keep the import with a comment saying why).
 *
 *   node --import tsx scripts/importThroughIndex.ts          # list what it would change
 *   node --import tsx scripts/importThroughIndex.ts --write  # change the files
 *
 * Run `npx prettier --write src` afterwards.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const src = join(import.meta.dirname, '..', 'src');
const write = process.argv.includes('--write');

/** Every `.ts` file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The names an index module exports (explicit lists and declarations). */
function exportsOf(index: string): ReadonlySet<string> {
  if (!existsSync(index)) return new Set();
  const text = readFileSync(index, 'utf8');
  const names = new Set<string>();
  for (const [, list = ''] of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of list.split(',')) {
      const name = part.trim().replace(/^type\s+/, '');
      if (name !== '') names.add(name.split(' as ').at(-1)?.trim() ?? name);
    }
  }
  for (const [, name = ''] of text.matchAll(/export\s+(?:class|function|const|interface|type)\s+(\w+)/g)) {
    names.add(name);
  }
  return names;
}

/** A path from `fromDir` as an import specifier. */
function specifier(fromDir: string, target: string): string {
  const path = relative(fromDir, target).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

const statement = /^(import|export)(\s+type)?\s*\{([^}]*)\}\s*from\s*'(\.[^']+)';/gm;
const unresolved: string[] = [];
let changed = 0;

for (const file of sourceFiles(src)) {
  const [folder, ...rest] = relative(src, file).split(sep);
  if (folder === undefined || rest.length === 0) continue; // src/index.ts composes every folder
  const dir = dirname(file);
  const text = readFileSync(file, 'utf8');
  let next = text.replace(statement, (whole, _kind, _type, list: string, from: string) => {
    const target = relative(src, join(dir, from)).split(sep);
    if (target[0] === folder || target[0] === '..') return whole;
    if (target.at(-1) === 'index.js' && target.length <= 3) return whole;
    const names = list
      .split(',')
      .map(
        (part) =>
          part
            .trim()
            .replace(/^type\s+/, '')
            .split(' as ')[0]
            ?.trim() ?? '',
      )
      .filter((name) => name !== '');
    const indexes = [join(src, target[0] ?? '', 'index.ts')];
    if (target.length === 3) indexes.push(join(src, target[0] ?? '', target[1] ?? '', 'index.ts'));
    const index = indexes.find((candidate) => names.every((name) => exportsOf(candidate).has(name)));
    if (index === undefined) {
      unresolved.push(`${relative(src, file)}: ${from} { ${names.join(', ')} }`);
      return whole;
    }
    return whole.replace(`'${from}'`, `'${specifier(dir, index.replace(/\.ts$/, '.js'))}'`);
  });
  next = mergeImports(next);
  if (next === text) continue;
  changed += 1;
  if (write) writeFileSync(file, next);
  else console.log(`would change src/${relative(src, file)}`);
}

/** Merges the value (or type) imports of one module into one statement. */
function mergeImports(text: string): string {
  const pattern = /^import(\s+type)?\s*\{([^}]*)\}\s*from\s*'([^']+)';\n/gm;
  const groups = new Map<string, RegExpExecArray[]>();
  for (const match of text.matchAll(pattern)) {
    const key = `${match[1] === undefined ? 'value' : 'type'} ${match[3] ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), match]);
  }
  let out = text;
  for (const [key, matches] of groups) {
    if (matches.length < 2) continue;
    const [kind, from] = key.split(' ');
    const names = [
      ...new Set(matches.flatMap((match) => (match[2] ?? '').split(',').map((part) => part.trim()))),
    ]
      .filter((name) => name !== '')
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const merged = `import${kind === 'type' ? ' type' : ''} { ${names.join(', ')} } from '${from ?? ''}';\n`;
    out = out.replace(matches[0]?.[0] ?? '', merged);
    for (const match of matches.slice(1)) out = out.replace(match[0], '');
  }
  return out;
}

console.log(`${changed} file(s) ${write ? 'changed' : 'to change'}`);
if (unresolved.length > 0) {
  console.log('exported by no index (export them, or keep the import with a comment saying why):');
  for (const line of unresolved) console.log(`  ${line}`);
}
