import type { OptionTable } from '../../container/index.js';
import type { XmlRpcProxyFactoryOptions } from '../../proxy/index.js';
import {
  clientTlsTable,
  httpCredentialsTable,
  decodeLimitsTable,
  decodingTable,
  objectOption,
  serviceUrlSchemes,
  sshTable,
} from './sharedOptionTables.js';

/**
 * Every option of `class="XmlRpcProxyFactory"`: the one definition its
 * descriptor, `spindle check`, the schemas and the docs' table come from.
 */
export const proxyFactoryOptionTable = {
  serviceUrl: {
    kind: 'string',
    required: true,
    schemes: serviceUrlSchemes,
    alias: 'service_url',
    default: 'required',
    doc: '`http://…`, `https://…` or `ssh://user@host/path`; Basic-auth credentials may sit in the userinfo (`http://user:p%40ss@host/…`, percent-decoded)',
  },
  timeoutMs: {
    kind: 'integer',
    min: 1,
    alias: 'timeout_ms',
    default: '`30000`',
    doc: 'time allowed for each call',
  },
  tls: objectOption(clientTlsTable('tls'), "verify against Node's root CAs", 'TLS of `https://` calls'),
  ...httpCredentialsTable,
  faults: {
    kind: 'map',
    errorClass: true,
    default: 'none: faults stay `Fault`s',
    doc: 'a dict of fault code (digits) or fault-string prefix (other keys; `""` matches all; longest wins; a code wins over a prefix) → error class, given as an inner `<object class="./errors.ts#X"/>`',
  },
  transportErrorClass: {
    kind: 'ref',
    errorClass: true,
    default: 'none: `TransportError`s',
    doc: 'the class transport failures are thrown as, with the `TransportError` as `cause` (an inner object of the class)',
  },
  idempotent: {
    kind: 'string-list',
    default: '`[]`',
    doc: 'methods safe to send twice; a pool over this proxy may retry them',
  },
  proxy: {
    kind: 'string',
    schemes: ['http'],
    default: 'none',
    doc: 'an HTTP proxy (`http://[user:pass@]host:port`) for `http://` service URLs',
  },
  maxResponseBytes: {
    kind: 'integer',
    min: 1,
    default: '`16777216` (16 MiB)',
    doc: 'largest response after gzip inflation',
  },
  decodeLimits: objectOption(decodeLimitsTable('response'), "the codec's limits", 'response decode limits'),
  decoding: objectOption(
    decodingTable('results'),
    '`{dateTimes: date, structs: object}`',
    'how results reach the caller ([value mapping](codec.md#value-mapping))',
  ),
  logger: { kind: 'ref', default: "the context's logger", doc: 'where warnings go (`tls.insecure`)' },
  ssh: objectOption(sshTable, '`{}`', 'the system ssh client for `ssh://` URLs'),
  interceptors: {
    kind: 'ref-list',
    method: 'intercept',
    default: '`[]`',
    doc: 'objects with an `intercept(call, next)` method run around every call, the first outermost ([interceptors](interceptors.md))',
  },
} as const satisfies OptionTable<XmlRpcProxyFactoryOptions>;
