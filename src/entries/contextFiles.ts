/**
 * `spindle/context-files`: read and check XML/YAML context files without
 * creating anything (what `spindle check` does), for editors, generators and
 * CI checks, and the definition types `ApplicationContext.fromDefinition`
 * takes when a context is built in code. Loads the XML and YAML readers
 * (xml2js, yaml), which the root entry imports only when a file is read.
 */
export { DEFAULT_CONTEXT_LIMITS, readContext, readContextWithProblems } from '../config/index.js';
export type { ContextLimits, ReadContextOptions } from '../config/index.js';
export {
  ContextError,
  formatLocation,
  formatProblem,
  resolveInheritance,
  sortProblems,
  validateDefinitions,
} from '../definitions/index.js';
export type {
  AliasDefinition,
  AutowireMode,
  ConstructorArgDefinition,
  ContextDefinition,
  ContextProblem,
  ContextProblemCode,
  DictValue,
  InheritanceResult,
  InnerObjectValue,
  ListValue,
  LiteralType,
  LiteralValue,
  NullValue,
  ObjectDefinition,
  PropertyDefinition,
  PropsValue,
  RefValue,
  Scope,
  SetValue,
  SourceLocation,
  ValueDefinition,
} from '../definitions/index.js';
