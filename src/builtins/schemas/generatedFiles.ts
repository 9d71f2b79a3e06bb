import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { XML_NAMESPACES } from '../../config/index.js';
import { builtinOptions } from './builtinOptions.js';
import { contextJsonSchema } from './contextJsonSchema.js';
import { objectsSchematron } from './objectsSchematron.js';
import { objectsXsdFiles } from './objectsXsd.js';
import { withOptionDocTables } from './optionDocTables.js';

/** One file made from the built-ins' option tables, by its path in the repository. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Every file generated from the built-ins' option tables: the JSON Schema,
 * the XSD documents, the Schematron rules and the option tables of
 * docs/context-files.md (the rest of that page is read from `root` and kept).
 * `npm run generate:schemas` writes them; a test compares them with the
 * committed files.
 */
export function generatedFiles(root: string): GeneratedFile[] {
  const builtins = builtinOptions();
  const docs = join('docs', 'context-files.md');
  const xsd = objectsXsdFiles({ spindle: XML_NAMESPACES[0], others: XML_NAMESPACES.slice(1) }, builtins);
  return [
    {
      path: join('config', 'spindle-context.schema.json'),
      text: `${JSON.stringify(contextJsonSchema(builtins), null, 2)}\n`,
    },
    ...[...xsd].map(([name, text]) => ({ path: join('config', name), text })),
    { path: join('config', 'spindle-objects.sch'), text: objectsSchematron(builtins) },
    { path: docs, text: withOptionDocTables(readFileSync(join(root, docs), 'utf8'), builtins) },
  ];
}
