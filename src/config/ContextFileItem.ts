import type { AliasDefinition, ObjectDefinition, SourceLocation } from '../definitions/index.js';

/**
 * One thing a context file says at top level, in document order, after its
 * inactive profile sections were dropped: an import to read at this point, or
 * an object or an alias. `section` tells apart a duplicate id in one group of objects (a
 * problem) from a profile section that overrides an earlier definition.
 */
export type ContextFileItem =
  | { readonly kind: 'import'; readonly resource: string; readonly location: SourceLocation }
  | { readonly kind: 'object'; readonly definition: ObjectDefinition; readonly section: number }
  | { readonly kind: 'alias'; readonly alias: AliasDefinition; readonly section: number };
