/**
 * `npm run generate:schemas`: writes the JSON Schema, the XSD documents, the
 * Schematron rules and the docs' option tables from the built-ins' option
 * tables (src/builtins/options/). test/config/generatedFiles.spec.ts fails
 * when the committed files differ from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { generatedFiles } from '../src/builtins/schemas/generatedFiles.js';

const root = join(import.meta.dirname, '..');
for (const file of generatedFiles(root)) {
  writeFileSync(join(root, file.path), file.text);
  console.log(`wrote ${file.path}`);
}
