/**
 * `spindle`: the root entry — the container, exporters and the server under
 * them, proxies and pools, and the errors they throw. Add exports explicitly
 * (no `export *`), grouped by layer. Importing it loads neither etcd3 nor gRPC
 * nor the XML/YAML readers (each is imported when first used).
 *
 * The other entries (package.json `exports`):
 * - `spindle/codec` (src/entries/codec.ts): encode and decode XML-RPC messages without a server;
 * - `spindle/etcd` (src/entries/etcd.ts): etcd discovery and registration (loads etcd3 and gRPC);
 * - `spindle/context-files` (src/entries/contextFiles.ts): read and check context files without
 *   creating anything, and the definition types `ApplicationContext.fromDefinition` takes;
 * - `spindle/opentelemetry` (src/opentelemetry): W3C trace context interceptors (needs `@opentelemetry/api`).
 */
import 'reflect-metadata';

// common: errors, logging, call observation
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

// codec: what services and callers meet (the rest is `spindle/codec`)
export { CodecError, Fault, XmlRpcDateTime, XmlRpcDouble, XmlRpcI8, XmlRpcInt } from './codec/index.js';
export type { CodecErrorCode, DecodeLimits, DecodeOptions } from './codec/index.js';

// rpc: the protocol-level call core (invoker contract, outcomes, dispatcher)
export { ServiceDispatcher, TransportError } from './rpc/index.js';
export type {
  CallContext,
  CallOptions,
  CallOutcome,
  ChannelCall,
  ClientChannel,
  Invoker,
  MethodOptions,
  MethodSignature,
  RegisterInstanceOptions,
  ServiceDispatcherOptions,
  TransportErrorOptions,
} from './rpc/index.js';

// call pipeline: interceptors, the call context, deadlines
export { currentCall, InterceptedInvoker, ServerCall } from './rpc/index.js';
export type {
  ClientCall,
  ClientInterceptor,
  ClientNext,
  InterceptorLike,
  ServerInterceptor,
  ServerNext,
} from './rpc/index.js';

// transport: the HTTP server adapter, health and readiness
export { Readiness, ServerError, XmlRpcServer } from './transport/server/index.js';
export type {
  BasicAuthOptions,
  PemSource,
  ReadinessState,
  ServerLimits,
  ServiceRouteOptions,
  TlsServerOptions,
  XmlRpcServerOptions,
} from './transport/server/index.js';

// exporter
export { XmlRpcServiceExporter } from './exporter/index.js';
export type { ExporterLimits, XmlRpcServiceExporterOptions } from './exporter/index.js';

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
  ObjectPostProcessor,
  RegisterClassOptions,
  ValueType,
  WiringProblem,
} from './container/index.js';
export { ContextError } from './definitions/index.js';
export type { ContextProblem, ContextProblemCode, SourceLocation } from './definitions/index.js';
export type { ContextLimits } from './config/index.js';

// proxy (and the client transports under it)
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
export { SshChannel, SshInvoker } from './transport/ssh/index.js';
export type {
  HostKeyChecking,
  SshCallOptions,
  SshInvokerOptions,
  SshChannelOptions,
  SshOptions,
} from './transport/ssh/index.js';

// ha: pools
export {
  Backoff,
  EjectionPolicy,
  LeastRequestBalancer,
  RoundRobinBalancer,
  HaError,
  HighAvailabilityProxy,
  NoAvailableMemberError,
  OutcomeUnknownError,
  RetryBudget,
} from './ha/index.js';
export type {
  BackoffOptions,
  BackoffPolicy,
  Balancer,
  BalancerCandidate,
  BalancerName,
  EjectionPolicyLike,
  EjectionPolicyOptions,
  HaErrorOptions,
  HighAvailabilityProxyEvents,
  HedgingOptions,
  HighAvailabilityProxyOptions,
  MemberDiscovery,
  MemberOptions,
  MemberState,
  MemberStateChange,
  MemberStats,
  OutlierDetectionOptions,
  PoolAttempt,
  PoolMembership,
  PoolMemberSpec,
  PoolRetry,
  RetryBudgetOptions,
  RetryBudgetPolicy,
} from './ha/index.js';

// discovery (DNS): from its own folder, so the root entry never loads etcd3 for it
export { DnsDiscovery } from './discovery/dns/index.js';
export type { DnsDiscoveryEvents, DnsDiscoveryOptions, DnsRecordType } from './discovery/dns/index.js';
