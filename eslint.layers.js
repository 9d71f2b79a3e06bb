// The folder map of src/, enforced by ESLint's own `no-restricted-imports`
// (see docs/architecture.md for what each folder owns). A folder may import
// only the folders listed for it, and only through their index.ts (or, for a
// folder with sub-folders, a sub-folder's index.ts), so each folder decides
// what the others see. src/index.ts, the package's public surface, is the
// composition of all of them and is not checked.

/** Folder → the folders it may import. Everything below a folder is listed. */
export const LAYERS = {
  common: [],
  definitions: ['common'],
  codec: ['common'],
  config: ['common', 'definitions'],
  container: ['common', 'definitions'],
  rpc: ['common', 'codec'],
  transport: ['common', 'codec', 'rpc'],
  exporter: ['common', 'codec', 'rpc', 'transport'],
  proxy: ['common', 'codec', 'rpc', 'transport'],
  ha: ['common', 'codec', 'rpc', 'proxy'],
  discovery: ['common', 'codec', 'rpc', 'exporter', 'proxy', 'ha'],
  builtins: [
    'common',
    'definitions',
    'codec',
    'config',
    'container',
    'rpc',
    'transport',
    'exporter',
    'proxy',
    'ha',
    'discovery',
  ],
  opentelemetry: ['common', 'rpc'],
  observability: [
    'common',
    'definitions',
    'codec',
    'container',
    'rpc',
    'exporter',
    'proxy',
    'ha',
    'discovery',
    'builtins',
  ],
  // cli: every folder above (set below).
};

// The package's subpath entries (spindle/codec, spindle/etcd, spindle/context-files) re-export folders, as src/index.ts does.
LAYERS.entries = Object.keys(LAYERS);
LAYERS.cli = Object.keys(LAYERS);

/** Packages a folder must not import, with the reason. */
const FORBIDDEN_PACKAGES = {
  config: [
    { name: 'inversify', message: 'config reads files into definitions; only container knows inversify.' },
  ],
  definitions: [
    { name: 'inversify', message: 'definitions are plain data; only container knows inversify.' },
  ],
};

const FOLDERS = Object.keys(LAYERS);

/** The import paths that climb from a file `depth` folders below src/ back to src/. */
function climb(depth) {
  return '\\.\\./'.repeat(depth);
}

/** The `no-restricted-imports` patterns for the files of `folder` at `depth` (1: src/x/a.ts, 2: src/x/y/a.ts). */
function patterns(folder, depth) {
  const allowed = LAYERS[folder];
  const forbidden = FOLDERS.filter((other) => other !== folder && !allowed.includes(other));
  const up = climb(depth);
  const rules = [];
  if (forbidden.length > 0) {
    rules.push({
      regex: `^${up}(${forbidden.join('|')})/`,
      message: `src/${folder} may import only ${allowed.length === 0 ? 'no other folder' : allowed.join(', ')} (docs/architecture.md).`,
    });
  }
  if (allowed.length > 0) {
    rules.push({
      regex: `^${up}(${allowed.join('|')})/(?!(?:[\\w-]+/)?index\\.js$)`,
      message: `import another folder through its index.js (docs/architecture.md).`,
    });
  }
  return rules;
}

/** One config block per folder and depth: no-restricted-imports takes one option set per file. */
export const layerRules = FOLDERS.flatMap((folder) =>
  [1, 2].map((depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: patterns(folder, depth), paths: FORBIDDEN_PACKAGES[folder] ?? [] },
      ],
    },
  })),
);
