import type { OptionTable } from '../../container/index.js';
import type {
  BackoffOptions,
  EjectionPolicyOptions,
  HedgingOptions,
  HighAvailabilityProxyOptions,
  OutlierDetectionOptions,
  RetryBudgetOptions,
} from '../../ha/index.js';
import { balancerNames } from '../../ha/index.js';
import type { FaultMap } from '../../proxy/index.js';
import { clientOptionsTable, objectOption, serviceUrlSchemes } from './sharedOptionTables.js';

const retryBudgetTable = {
  ttlMs: {
    kind: 'integer',
    min: 1000,
    max: 60000,
    default: '`10000`',
    doc: 'how long deposits and withdrawals count',
  },
  minRetriesPerSecond: {
    kind: 'number',
    min: 0,
    default: '`10`',
    doc: 'retries allowed per second whatever the traffic',
  },
  percentCanRetry: {
    kind: 'number',
    min: 0,
    max: 1,
    default: '`0.2`',
    doc: 'share of calls that may be retried on top of the minimum',
  },
  now: { kind: 'code-only', why: 'a clock function, for tests' },
} as const satisfies OptionTable<RetryBudgetOptions>;

const ejectionTable = {
  consecutiveFailures: {
    kind: 'integer',
    min: 1,
    default: '`5`',
    doc: 'transport failures in a row that eject a member',
  },
  ejectOnConnectFailure: {
    kind: 'boolean',
    default: '`true`',
    doc: 'eject at once when a member refuses connections',
  },
  maxEjectedShare: {
    kind: 'number',
    min: 0,
    max: 1,
    default: '`0.5`',
    doc: 'the largest share of members ejected at once',
  },
} as const satisfies OptionTable<EjectionPolicyOptions>;

const backoffTable = {
  initialMs: { kind: 'integer', min: 0, default: '`1000`', doc: 'the first delay' },
  multiplier: { kind: 'number', min: 1, default: '`1.6`', doc: 'factor applied after each failed probe' },
  jitter: {
    kind: 'number',
    min: 0,
    exclusiveMax: 1,
    default: '`0.2`',
    doc: 'the delay is spread over ± this share of itself',
  },
  maxMs: { kind: 'integer', min: 1, default: '`120000`', doc: 'cap on the delay before jitter' },
  random: { kind: 'code-only', why: 'a random-number function, for tests' },
} as const satisfies OptionTable<BackoffOptions>;

/** The retry backoff's fields: the probe backoff's, with the defaults of `retryBackoffDefaults`. */
const retryBackoffTable = {
  ...backoffTable,
  initialMs: { ...backoffTable.initialMs, default: '`20`', doc: 'the delay before the first retry' },
  multiplier: { ...backoffTable.multiplier, default: '`2`', doc: 'factor applied after each retry' },
  jitter: { ...backoffTable.jitter, default: '`0.5`' },
  maxMs: { ...backoffTable.maxMs, default: '`1000`' },
} as const satisfies OptionTable<BackoffOptions>;

const hedgingTable = {
  delayMs: {
    kind: 'integer',
    min: 0,
    required: true,
    default: 'none (required)',
    doc: 'time without an answer before the next attempt goes to another member',
  },
} as const satisfies OptionTable<HedgingOptions>;

const outlierDetectionTable = {
  stallMs: {
    kind: 'integer',
    min: 0,
    default: '`250`',
    doc: 'a member holding calls that answers none for this long is probed; 0 turns it off',
  },
  checkTimeoutMs: {
    kind: 'integer',
    min: 1,
    default: '`500`',
    doc: 'time the stall probe has to answer before the member is ejected',
  },
} as const satisfies OptionTable<OutlierDetectionOptions>;

/** Balancing, hedging and slow-member options, grouped so other additions merge cleanly. */
const balancingOptions = {
  balancer: {
    kind: 'string',
    enum: balancerNames,
    default: '`round-robin`',
    doc: 'how a member is chosen for each attempt: `round-robin` or `least-request` (power of two choices)',
  },
  weights: {
    kind: 'map',
    default: '`{}` (every member weighs 1)',
    doc: "members' weights by URL (without credentials, same case, with its path); a key that matches no member of `members` is refused, with `discovery` warned about; a registration's `weight` wins",
  },
  hedging: objectOption(hedgingTable, 'off', 'hedged attempts for idempotent methods'),
  retryBackoff: objectOption(
    retryBackoffTable,
    '20 ms, ×2, ±50 %, at most 1000 ms',
    'delay before each retry on another member',
  ),
  outlierDetection: objectOption(
    outlierDetectionTable,
    'see the fields',
    'when a member that holds calls without answering is ejected',
  ),
} as const;

/**
 * Every option of `class="HighAvailabilityProxy"` (the pool's options plus the
 * `faults` of the proxy the context hands out): the one definition its
 * descriptor, `spindle check`, the schemas and the docs' table come from.
 */
export const highAvailabilityProxyOptionTable = {
  members: {
    kind: 'members',
    schemes: serviceUrlSchemes,
    alias: 'service_pool',
    default: '`[]`',
    doc: 'a list of refs to proxies (`XmlRpcProxyFactory` objects) and/or URLs; one value is a list of one; without `discovery` it must not be empty',
  },
  discovery: {
    kind: 'ref',
    default: 'none',
    doc: 'a ref to a member source (an `EtcdDiscovery` or a `DnsDiscovery`) that adds and removes members',
  },
  name: { kind: 'string', default: "the object's id", doc: "the service's name in messages and errors" },
  idempotent: {
    kind: 'string-list',
    default: '`[]`',
    doc: 'methods safe to send twice, added to those the members advertise',
  },
  discoverIdempotent: {
    kind: 'boolean',
    default: '`true`',
    doc: "ask each member's `system.getCapabilities` for the methods its exporter declares idempotent",
  },
  timeoutMs: {
    kind: 'integer',
    min: 1,
    alias: 'timeout_ms',
    default: '`30000`',
    doc: 'the deadline of a call, all attempts included',
  },
  attemptTimeoutMs: {
    kind: 'integer',
    min: 1,
    default: 'the whole deadline',
    doc: 'time allowed for one attempt',
  },
  maxAttempts: {
    kind: 'integer',
    min: 1,
    default: '`3`',
    doc: 'attempts per call, the first included; each member at most once',
  },
  retryBudget: objectOption(
    retryBudgetTable,
    '20 % of calls + 10 per second over 10 s',
    'how many retries the pool may spend',
  ),
  ejection: objectOption(ejectionTable, 'see the fields', 'when a member is ejected'),
  backoff: objectOption(backoffTable, 'see the fields', 'delay before each probe of an ejected member'),
  probeMethod: {
    kind: 'string',
    default: '`system.listMethods`',
    doc: 'the method a probe calls (a result or a fault both prove the member answers)',
  },
  probeTimeoutMs: { kind: 'integer', min: 1, default: '`2000`', doc: 'time allowed for a probe' },
  client: objectOption(
    clientOptionsTable,
    '`{}`',
    'options of the clients made from URL members (members given as refs keep their own)',
  ),
  faults: {
    kind: 'map',
    errorClass: true,
    default: 'none',
    doc: 'fault → error class, as for `XmlRpcProxyFactory`',
  },
  logger: { kind: 'ref', default: "the context's logger", doc: 'where member state changes are logged' },
  ...balancingOptions,
  interceptors: {
    kind: 'ref-list',
    method: 'intercept',
    default: '`[]`',
    doc: 'objects with an `intercept(call, next)` method run around each pooled call as a whole (retries included), the first outermost ([interceptors](interceptors.md))',
  },
} as const satisfies OptionTable<HighAvailabilityProxyOptions & { readonly faults?: FaultMap }>;
