/**
 * `spindle/etcd`: etcd discovery (`EtcdDiscovery`, a pool's `discovery`) and
 * registration (`EtcdRegistration`, an exporter's URL under a lease). Its own
 * entry because etcd3 brings gRPC and protobufjs (about 0.2 s to load); even
 * here etcd3 is loaded when the first client is made. Context files name
 * these classes without importing anything.
 */
export {
  createEtcdClient,
  DEFAULT_PREFIX,
  DiscoveryError,
  EtcdDiscovery,
  EtcdRegistration,
  parseRegistration,
  UrlPolicy,
} from '../discovery/index.js';
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
} from '../discovery/index.js';
