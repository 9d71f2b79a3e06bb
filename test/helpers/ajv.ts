import { createRequire } from 'node:module';

import type * as AjvModule from 'ajv';

/**
 * Ajv's class, required rather than imported: specs may run in mocha's parallel
 * workers, which load spec files through require(esm), where an ESM named
 * import of ajv (a CommonJS package that other dependencies also require) came
 * out undefined ("Ajv is not a constructor").
 */
export const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
