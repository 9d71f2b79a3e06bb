export { ApplicationContext } from './ApplicationContext.js';
export type { ApplicationContextOptions, ContextReader, ContextReadOptions } from './ApplicationContext.js';
export type {
  ClassDescriptor,
  DescriptorContext,
  DescriptorProblem,
  ListenEndpoint,
  StaticOptions,
} from './ClassDescriptor.js';
export { mayHaveMember } from './classMembers.js';
export { ClassRegistry } from './ClassRegistry.js';
export type {
  ClassEntry,
  Constructor,
  RegisterClassOptions,
  RegisteredClass,
  RegisteredDescriptor,
} from './ClassRegistry.js';
export { ContainerError } from './ContainerError.js';
export type { ContainerErrorOptions } from './ContainerError.js';
export type { MaybePromise } from './maybePromise.js';
export type { ObjectPostProcessor } from './PostProcessors.js';
export { aliasesOf, fileOptions, valueTypesOf } from './OptionSpec.js';
export type { CodeOnlyOption, OptionKind, OptionSpec, OptionTable } from './OptionSpec.js';
export { prepareContext } from './prepareContext.js';
export type { PreparedContext } from './prepareContext.js';
export type { ValueType } from './ValueType.js';
export type { WiringProblem } from './WiringProblem.js';
