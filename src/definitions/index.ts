export { AUTOWIRE_VALUES } from './ObjectDefinition.js';
export type {
  AliasDefinition,
  AutowireMode,
  ConstructorArgDefinition,
  ContextDefinition,
  ObjectDefinition,
  PropertyDefinition,
  Scope,
} from './ObjectDefinition.js';
export type { SourceLocation } from './SourceLocation.js';
export { formatLocation } from './SourceLocation.js';
export type {
  DictValue,
  InnerObjectValue,
  ListValue,
  LiteralType,
  LiteralValue,
  NullValue,
  PropsValue,
  RefValue,
  SetValue,
  ValueDefinition,
} from './ValueDefinition.js';
export type { ContextProblem, ContextProblemCode } from './ContextProblem.js';
export { formatProblem, sortProblems } from './ContextProblem.js';
export { ContextError } from './ContextError.js';
export { closestMatches, didYouMean, editDistance } from './closestMatches.js';
export type { FoundRef } from './collectRefs.js';
export { collectInnerObjects, collectRefs } from './collectRefs.js';
export type { InheritanceResult } from './resolveInheritance.js';
export { resolveInheritance } from './resolveInheritance.js';
export { validateDefinitions } from './validateDefinitions.js';
export type { ResolvedAliases } from './resolveAliases.js';
export { resolveAliases } from './resolveAliases.js';
