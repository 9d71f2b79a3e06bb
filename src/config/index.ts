export type { ContextFileItem } from './ContextFileItem.js';
export { DEFAULT_CONTEXT_LIMITS } from './ContextLimits.js';
export type { ContextLimits } from './ContextLimits.js';
export { expandPlaceholders } from './placeholders.js';
export type { ExpandedText } from './placeholders.js';
export { profileMatches } from './profileMatches.js';
export { readContext, readContextWithProblems } from './readContext.js';
export type { ReadContextOptions } from './readContext.js';
export { XML_NAMESPACES } from './xml/readXmlContext.js';
