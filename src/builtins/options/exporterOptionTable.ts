import type { OptionTable } from '../../container/index.js';
import type { ExporterLimits, XmlRpcServiceExporterOptions } from '../../exporter/index.js';
import type { BasicAuthOptions, TlsServerOptions } from '../../transport/index.js';
import { decodeLimitsTable, decodingTable, objectOption } from './sharedOptionTables.js';

/** `tls` of an exporter: the server's key, certificate and client-certificate checks. */
const serverTlsTable = {
  key: {
    kind: 'pem',
    required: true,
    default: 'required with `tls`',
    doc: "the server's private key: PEM text or a file path",
  },
  cert: {
    kind: 'pem',
    required: true,
    default: 'required with `tls`',
    doc: "the server's certificate chain: PEM text or a file path",
  },
  ca: {
    kind: 'pem-list',
    default: 'none',
    doc: 'CAs that client certificates must chain to: PEM text, a file path, or a list of them',
  },
  passphrase: { kind: 'string', default: 'none', doc: 'passphrase of an encrypted `tls.key`' },
  requestCert: {
    kind: 'boolean',
    default: '`false` (`true` when `verifyFields` is set)',
    doc: 'require a client certificate signed by `tls.ca`',
  },
  verifyFields: {
    kind: 'map',
    default: 'none',
    doc: 'subject fields the client certificate must carry, by long name (`commonName: My Client`)',
  },
  minVersion: {
    kind: 'string',
    enum: ['TLSv1.2', 'TLSv1.3'],
    default: '`TLSv1.2`',
    doc: 'the oldest TLS version accepted (`TLSv1.3` to refuse 1.2)',
  },
} as const satisfies OptionTable<TlsServerOptions>;

/** `auth` of an exporter: HTTP Basic. */
const basicAuthTable = {
  users: {
    kind: 'map',
    required: true,
    default: 'required with `auth`',
    doc: 'a dict of user name → password (use placeholders, not literal passwords)',
  },
  realm: { kind: 'string', default: '`spindle`', doc: 'the realm in `WWW-Authenticate`' },
  allowInsecure: {
    kind: 'boolean',
    default: '`false`',
    doc: 'allow Basic auth without `tls` (loopback and tests only)',
  },
} as const satisfies OptionTable<BasicAuthOptions>;

/** `limits` of an exporter: the server's HTTP limits and the service's call limits. */
const limitsTable = {
  maxBodyBytes: {
    kind: 'integer',
    min: 0,
    default: '`1048576` (1 MiB)',
    doc: 'largest request body; more is HTTP 413',
  },
  maxInflatedBytes: {
    kind: 'integer',
    min: 0,
    default: '`maxBodyBytes`',
    doc: 'largest body after gzip inflation; more is 413',
  },
  gzipThreshold: {
    kind: 'integer',
    min: 0,
    default: '`1400`',
    doc: 'responses larger than this are gzipped when the client accepts gzip',
  },
  headersTimeoutMs: {
    kind: 'integer',
    min: 0,
    default: '`10000`',
    doc: "time allowed for a request's headers; then 408",
  },
  requestTimeoutMs: {
    kind: 'integer',
    min: 0,
    default: '`30000`',
    doc: 'time allowed for a whole request (at least `headersTimeoutMs`)',
  },
  keepAliveTimeoutMs: {
    kind: 'integer',
    min: 0,
    default: '`5000`',
    doc: 'how long an idle keep-alive connection stays open',
  },
  maxConnections: {
    kind: 'integer',
    min: 0,
    default: '`1024`',
    doc: 'most simultaneous connections to the server; at the cap an idle connection of the heaviest address gives way to a newcomer from a lighter one (see [security.md](security.md#rate-limits-and-connection-caps))',
  },
  maxConnectionsPerAddress: {
    kind: 'integer',
    min: 0,
    default: '`256`',
    doc: 'most simultaneous connections from one client address; 0 disables (see [security.md](security.md#rate-limits-and-connection-caps))',
  },
  maxAuthFailures: {
    kind: 'integer',
    min: 0,
    default: '`10`',
    doc: 'failed Basic-auth attempts one address may make per window; 0 disables',
  },
  authFailureWindowMs: {
    kind: 'integer',
    min: 0,
    default: '`60000`',
    doc: 'the window in which failed attempts are counted',
  },
  authLockoutMs: {
    kind: 'integer',
    min: 0,
    default: '`60000`',
    doc: 'how long an address over `maxAuthFailures` is answered 429',
  },
  closeTimeoutMs: {
    kind: 'integer',
    min: 0,
    default: '`10000`',
    doc: 'at close, how long in-flight calls may finish before connections are cut',
  },
  callTimeoutMs: {
    kind: 'integer',
    min: 0,
    default: '`30000`',
    doc: 'time a method may run before the caller gets fault −32603; 0 disables',
  },
  maxMulticallCalls: {
    kind: 'integer',
    min: 0,
    default: '`1000`',
    doc: 'most calls in one `system.multicall`; more is fault −32600',
  },
  maxResponseBytes: {
    kind: 'integer',
    min: 1,
    default: '`16777216` (16 MiB)',
    doc: 'largest response before gzip; a larger result is fault −32603 naming the limit (the method ran), multicall entries counted together',
  },
  decode: objectOption(decodeLimitsTable('request'), "the codec's limits", 'request decode limits'),
} as const satisfies OptionTable<ExporterLimits>;

/**
 * Every option of `class="XmlRpcServiceExporter"`: the one definition its
 * descriptor, `spindle check`, the schemas and the docs' table come from.
 */
export const exporterOptionTable = {
  service: {
    kind: 'ref',
    required: true,
    default: 'required',
    doc: 'the object whose methods are served (a ref or an inner object)',
  },
  serviceName: {
    kind: 'string',
    alias: 'service_name',
    default: 'none: served at `/` and `/RPC2`',
    doc: 'the URL path (`ServiceName` → `/ServiceName`)',
  },
  serviceHost: {
    kind: 'string',
    alias: 'service_host',
    default: '`127.0.0.1`',
    doc: 'the interface to listen on (`0.0.0.0` for every interface)',
  },
  servicePort: {
    kind: 'integer',
    min: 0,
    max: 65535,
    alias: 'service_port',
    default: '`8000`',
    doc: 'the port, plus the `replica` setting; 0 picks a free port',
  },
  methods: {
    kind: 'string-list',
    default: "the object's own public methods",
    doc: 'exactly the methods to export; without it never `_`-prefixed names, lifecycle hooks (`afterPropertiesSet`, `destroy`, `init`, `close`, `start`, `stop`, `dispose`, `setApplicationContext`, …), `then`, `toJSON`, `inspect` or `Object` members',
  },
  methodInfo: {
    kind: 'map',
    default: '`{}`',
    doc: 'per method: `signature` (a list: return type then parameter types; calls matching none get fault −32602) and `help` (for `system.methodHelp` and the documentation page)',
  },
  idempotent: {
    kind: 'string-list',
    default: '`[]`',
    doc: 'methods safe to send twice, advertised in `system.getCapabilities` for pools; each must be exported',
  },
  multicall: { kind: 'boolean', default: '`true`', doc: 'offer `system.multicall`' },
  introspection: {
    kind: 'boolean',
    default: '`true`',
    doc: 'offer `system.listMethods`, `system.methodSignature`, `system.methodHelp` (`system.getCapabilities` stays)',
  },
  tls: objectOption(serverTlsTable, 'none: plain HTTP', 'serve HTTPS'),
  auth: objectOption(basicAuthTable, 'none', 'HTTP Basic authentication for this service'),
  limits: objectOption(limitsTable, 'see the fields', 'HTTP and call limits'),
  logger: {
    kind: 'ref',
    default: "the context's logger",
    doc: 'where start, stop, refused connections and failed methods are logged',
  },
  documentation: {
    kind: 'boolean',
    default: '`false`',
    doc: 'answer GET on the service path with an HTML page of its methods',
  },
  acceptAnyContentType: {
    kind: 'boolean',
    default: '`false`',
    doc: 'also read browser requests (`Origin`, `Sec-Fetch-Site`) whatever their `Content-Type`; other clients are always read whatever it says, or without one',
  },
  interceptors: {
    kind: 'ref-list',
    method: 'intercept',
    default: '`[]`',
    doc: 'objects with an `intercept(call, next)` method run around every method call, the first outermost ([interceptors](interceptors.md))',
  },
  health: {
    kind: 'boolean',
    default: '`false` (`true` under `spindle run`)',
    doc: 'answer `GET /healthz` (liveness) and `GET /readyz` (readiness) on this port, without auth and not counted as calls ([health endpoints](server.md#health-endpoints)); server-level: the first exporter on a port decides',
  },
  decoding: objectOption(
    decodingTable('arguments'),
    '`{dateTimes: date, structs: object}`',
    'how arguments reach the service ([value mapping](codec.md#value-mapping))',
  ),
} as const satisfies OptionTable<XmlRpcServiceExporterOptions>;
