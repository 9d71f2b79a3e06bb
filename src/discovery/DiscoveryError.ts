import { SpindleError } from '../common/index.js';

/**
 * An error of the etcd discovery layer: etcd unreachable when a discovery or
 * a registration starts (`SPINDLE_DISCOVERY_UNAVAILABLE`), or a registry entry
 * that was not accepted (`SPINDLE_DISCOVERY_REJECTED_MEMBER`, logged, never
 * thrown to callers of the pool).
 */
export class DiscoveryError extends SpindleError {}
