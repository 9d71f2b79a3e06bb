import { DiscoveryError } from './DiscoveryError.js';

/** The value an `EtcdRegistration` writes under `<prefix>/<serviceName>/<id>` (as JSON). */
export interface RegistrationRecord {
  /** Where the replica answers, e.g. `http://10.0.0.5:7001/Calculator`. */
  readonly url: string;
  /** The service, as in the key. */
  readonly serviceName: string;
  /** The exported method names. */
  readonly methods: readonly string[];
  /** The methods the exporter declares safe to send twice. */
  readonly idempotent: readonly string[];
  /** Whether the replica serves HTTPS. */
  readonly tls: boolean;
  /** The replica's share of the traffic relative to the others (a bigger machine, say). @default absent: the pool's own weight for it, else 1 */
  readonly weight?: number;
}

function stringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Reads a registry value. Anything that is not a registration is refused with
 * `SPINDLE_DISCOVERY_REJECTED_MEMBER` (a foreign key under the prefix, or a
 * rogue writer), so it never becomes a member.
 */
export function parseRegistration(key: string, text: string): RegistrationRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw rejected(key, 'the value is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw rejected(key, 'the value is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const { url, serviceName, methods, idempotent, tls, weight } = record;
  if (typeof url !== 'string' || url.length === 0) throw rejected(key, 'no "url"');
  if (typeof serviceName !== 'string') throw rejected(key, 'no "serviceName"');
  return {
    url,
    serviceName,
    methods: stringList(methods) ? methods : [],
    idempotent: stringList(idempotent) ? idempotent : [],
    tls: tls === true,
    // A weight that is not a positive number is ignored rather than the member refused: it can still serve.
    ...(typeof weight === 'number' && weight > 0 && Number.isFinite(weight) ? { weight } : {}),
  };
}

function rejected(key: string, reason: string): DiscoveryError {
  return new DiscoveryError('SPINDLE_DISCOVERY_REJECTED_MEMBER', `registry entry ${key} ignored: ${reason}`);
}
