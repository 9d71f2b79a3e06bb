/**
 * Spindle's public surface. Add exports explicitly (no `export *`), grouped by layer.
 */
import 'reflect-metadata';

// common
export { ERROR_CODES, silentLogger, SpindleError } from './common/index.js';
export type { LogFields, Logger, LogLevel, SpindleErrorCode, SpindleErrorOptions } from './common/index.js';
export { CALL_CHANNEL_NAMES, callChannels } from './common/callChannels.js';
export type {
  CallEndOutcome,
  ClientCallEnd,
  ClientCallStart,
  ServerCallEnd,
  ServerCallStart,
} from './common/callChannels.js';

// codec
export {
  CodecError,
  decodeCall,
  decodeResponse,
  DEFAULT_DECODE_LIMITS,
  DEFAULT_DECODE_OPTIONS,
  dumps,
  encodeCall,
  encodeFault,
  encodeResponse,
  Fault,
  FAULT_CODES,
  loads,
  XmlRpcDateTime,
  XmlRpcDouble,
  XmlRpcI8,
  XmlRpcInt,
} from './codec/index.js';
export type {
  CodecErrorCode,
  DecodedCall,
  DecodeLimits,
  DecodeOptions,
  DumpsOptions,
  EncodeOptions,
} from './codec/index.js';

// transport
export { TransportError } from './transport/TransportError.js';
export type { CallOutcome, TransportErrorOptions } from './transport/TransportError.js';
export {
  BasicAuth,
  IDEMPOTENT_CAPABILITY,
  Readiness,
  ServerError,
  ServiceDispatcher,
  servicePaths,
  XmlRpcServer,
} from './transport/server/index.js';
export type {
  BasicAuthOptions,
  CallContext,
  MethodOptions,
  MethodSignature,
  PemSource,
  ReadinessState,
  RegisterInstanceOptions,
  ServerLimits,
  ServiceDispatcherOptions,
  ServiceRouteOptions,
  TlsServerOptions,
  XmlRpcServerOptions,
} from './transport/server/index.js';

// exporter
export { XmlRpcServiceExporter } from './exporter/index.js';
export type { ExporterLimits, XmlRpcServiceExporterOptions } from './exporter/index.js';

// definitions
export {
  closestMatches,
  collectInnerObjects,
  collectRefs,
  ContextError,
  didYouMean,
  formatLocation,
  formatProblem,
  resolveInheritance,
  sortProblems,
  validateDefinitions,
} from './definitions/index.js';
export type {
  ConstructorArgDefinition,
  ContextDefinition,
  ContextProblem,
  ContextProblemCode,
  DictValue,
  FoundRef,
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
} from './definitions/index.js';

// config
export { DEFAULT_CONTEXT_LIMITS, readContext, readContextWithProblems } from './config/index.js';
export type { ContextLimits, ReadContextOptions } from './config/index.js';

// container (the built-ins and the file reader are plugged in by the composition root, src/builtins)
export { ApplicationContext, builtinClasses } from './builtins/index.js';
export { ClassRegistry, ContainerError } from './container/index.js';
export type {
  ApplicationContextOptions,
  ClassDescriptor,
  ClassEntry,
  Constructor,
  ContainerErrorOptions,
  ContextReader,
  ContextReadOptions,
  DescriptorContext,
  ListenEndpoint,
  RegisterClassOptions,
  ValueType,
  WiringProblem,
} from './container/index.js';

// proxy (and the HTTP client transport under it)
export type { CallOptions, Invoker } from './proxy/Invoker.js';
export {
  createInvoker,
  createProxy,
  invokerOf,
  isRemoteProxy,
  errorMapper,
  mapFault,
  MultiCall,
  MultiCallResults,
  registerTransport,
  XmlRpcClient,
  XmlRpcProxyFactory,
} from './proxy/index.js';
export type {
  Decoded,
  ErrorMapper,
  ErrorMappingOptions,
  FaultErrorClass,
  FaultMap,
  MultiCallBatch,
  MultiCallConstructor,
  ProxyOptions,
  Remote,
  TransportErrorClass,
  TransportFactory,
  UntypedRemoteMethod,
  XmlRpcClientOptions,
  XmlRpcProxyFactoryOptions,
} from './proxy/index.js';
export { HttpTransport, ProtocolError } from './transport/client/index.js';
export type {
  ClientTlsOptions,
  HttpTransportOptions,
  ProtocolErrorOptions,
} from './transport/client/index.js';
export { BRIDGE_EXIT_NOT_EXECUTED, parseSshUrl, SshInvoker } from './transport/ssh/index.js';
export type {
  HostKeyChecking,
  SshCallOptions,
  SshInvokerOptions,
  SshOptions,
  SshTarget,
} from './transport/ssh/index.js';

// ha
export {
  Backoff,
  EjectionPolicy,
  HaError,
  HighAvailabilityProxy,
  NoAvailableMemberError,
  OutcomeUnknownError,
  RetryBudget,
} from './ha/index.js';
export type {
  BackoffOptions,
  BackoffPolicy,
  EjectionPolicyLike,
  EjectionPolicyOptions,
  HaErrorOptions,
  HighAvailabilityProxyEvents,
  HighAvailabilityProxyOptions,
  MemberDiscovery,
  MemberState,
  MemberStateChange,
  MemberStats,
  PoolAttempt,
  PoolMembership,
  PoolMemberSpec,
  PoolRetry,
  RetryBudgetOptions,
  RetryBudgetPolicy,
} from './ha/index.js';

// discovery (etcd)
export {
  DiscoveryError,
  EtcdDiscovery,
  EtcdRegistration,
  UrlPolicy,
  createEtcdClient,
  parseRegistration,
} from './discovery/index.js';
export type {
  DiscoveredMember,
  EtcdAuthOptions,
  EtcdConnectionOptions,
  EtcdDiscoveryEvents,
  EtcdDiscoveryOptions,
  EtcdRegistrationEvents,
  EtcdRegistrationOptions,
  EtcdTlsOptions,
  RegistrationRecord,
  UrlPolicyOptions,
} from './discovery/index.js';
