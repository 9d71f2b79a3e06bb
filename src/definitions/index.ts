export type {
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
