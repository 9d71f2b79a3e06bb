import type { DecodeLimits, DecodeOptions } from '../../codec/index.js';
import type { OptionSpec, OptionTable } from '../../container/index.js';
import type { XmlRpcClientOptions } from '../../proxy/index.js';
import type { ClientTlsOptions, SshOptions } from '../../transport/index.js';

/**
 * Option tables several built-ins share: the codec's decode limits, a
 * client's TLS and ssh settings, and the options of the clients a pool makes.
 * `what` words the docs for a request (server) or a response (client).
 */

/** The codec's `DecodeLimits` (exporter `limits.decode`, proxy `decodeLimits`, pool `client.decodeLimits`). */
export function decodeLimitsTable(what: 'request' | 'response'): OptionTable<DecodeLimits> {
  return {
    maxDepth: {
      kind: 'integer',
      min: 1,
      default: '`64`',
      doc: `deepest nesting of arrays and structs in one ${what}`,
    },
    maxElements: { kind: 'integer', min: 1, default: '`1000000`', doc: `most elements in one ${what}` },
    maxBytes: { kind: 'integer', min: 1, default: '`16777216` (16 MiB)', doc: `largest ${what} in bytes` },
    maxStringLength: {
      kind: 'integer',
      min: 1,
      default: '`8388608`',
      doc: 'longest string, member name or base64 text, in characters',
    },
    maxMethodNameLength: {
      kind: 'integer',
      min: 1,
      default: '`256`',
      doc: 'longest method name, in characters',
    },
  } satisfies OptionTable<DecodeLimits>;
}

/** The codec's `DecodeOptions`: how values arrive (exporter arguments, proxy and pool client results). */
export function decodingTable(what: 'arguments' | 'results'): OptionTable<DecodeOptions> {
  return {
    dateTimes: {
      kind: 'string',
      enum: ['date', 'naive'],
      default: '`date`',
      doc: `how a dateTime reaches the ${what}: \`date\`: a \`Date\` (a zone-less text read as UTC); \`naive\`: an \`XmlRpcDateTime\` for a zone-less text`,
    },
    structs: {
      kind: 'string',
      enum: ['object', 'null-prototype'],
      default: '`object`',
      doc: `how a struct reaches the ${what}: \`object\`: a plain object; \`null-prototype\`: an object without a prototype`,
    },
  } satisfies OptionTable<DecodeOptions>;
}

/** A client's TLS settings (`tls` of a proxy factory, `client.tls` of a pool). */
export function clientTlsTable(prefix: string): OptionTable<ClientTlsOptions> {
  return {
    ca: {
      kind: 'pem-list',
      default: "Node's root CAs",
      doc: 'CA certificates to trust instead: PEM text, a file path, or a list',
    },
    key: {
      kind: 'pem',
      default: 'none',
      doc: `client private key (PEM text or file path), sent with \`${prefix}.cert\``,
    },
    cert: {
      kind: 'pem',
      default: 'none',
      doc: 'client certificate (PEM text or file path), for servers that require one',
    },
    passphrase: { kind: 'string', default: 'none', doc: `passphrase of \`${prefix}.key\`` },
    insecure: {
      kind: 'boolean',
      default: '`false`',
      doc: "skip verifying the server's chain and host name (tests only; logs a warning)",
    },
  } satisfies OptionTable<ClientTlsOptions>;
}

/** A client's settings for `ssh://` URLs. */
export const sshTable = {
  identityFile: {
    kind: 'string',
    path: 'file',
    default: "ssh's own choice (agent, `~/.ssh/id_*`)",
    doc: 'private key (`-i`, with `IdentitiesOnly=yes`)',
  },
  knownHostsFile: {
    kind: 'string',
    path: 'file',
    default: '`~/.ssh/known_hosts`',
    doc: "known-hosts file holding the server's key",
  },
  strictHostKeyChecking: {
    kind: 'string',
    enum: ['true', 'yes', 'accept-new', 'false', 'no'],
    default: '`true`',
    doc: '`true`/`yes` refuses unknown and changed keys; `accept-new` adds unknown hosts, refuses changed keys; `false`/`no` accepts any key (tests only)',
  },
  configFile: {
    kind: 'string',
    path: 'file',
    default: "ssh's own (`~/.ssh/config`)",
    doc: 'ssh config file (`-F`); `none` reads none',
  },
  sshPath: { kind: 'string', path: 'command', default: '`ssh` on the PATH', doc: 'the ssh executable' },
  connectTimeoutSeconds: { kind: 'integer', min: 1, default: '`10`', doc: '`ConnectTimeout`' },
  multiplex: {
    kind: 'boolean',
    default: '`true`',
    doc: 'share one authenticated connection between calls (`ControlMaster=auto`)',
  },
  persistSeconds: {
    kind: 'integer',
    min: 1,
    default: '`60`',
    doc: 'how long the shared connection outlives the last call (`ControlPersist`)',
  },
  remoteCommand: {
    kind: 'string',
    default: "the URL's path, then `--request-id=<id>`",
    doc: "the command line sent to the server (with a forced command, `SSH_ORIGINAL_COMMAND`); `{requestId}` in it is replaced by the call's request id",
  },
  maxConcurrentCalls: {
    kind: 'integer',
    min: 1,
    default: '`8`',
    doc: 'calls in flight at once; more wait (sshd allows 10 sessions per connection)',
  },
  options: { kind: 'map', default: '`{}`', doc: 'extra `-o Name=value` ssh options, as a dict' },
} as const satisfies OptionTable<SshOptions>;

/** The URL schemes Spindle's clients know: `http`, `https` and `ssh`. */
export const serviceUrlSchemes = ['http', 'https', 'ssh'] as const;

/** An `object` option over `fields`, with its doc. */
export function objectOption(
  fields: OptionSpec['fields'] & object,
  defaultText: string,
  doc: string,
): OptionSpec {
  return { kind: 'object', fields, default: defaultText, doc };
}

/** Basic-auth credentials and extra headers, the same for a proxy factory and a pool's clients. */
export const httpCredentialsTable = {
  username: { kind: 'string', default: "the URL's user", doc: "Basic-auth user, instead of the URL's" },
  password: {
    kind: 'string',
    default: "the URL's password",
    doc: "Basic-auth password, instead of the URL's",
  },
  headers: { kind: 'map', default: '`{}`', doc: 'extra HTTP headers sent with every call (a dict)' },
} as const satisfies OptionTable<Pick<XmlRpcClientOptions, 'username' | 'password' | 'headers'>>;

/** `XmlRpcClientOptions`: what a pool gives the clients it makes from URL members (`client`). */
export const clientOptionsTable = {
  timeoutMs: {
    kind: 'integer',
    min: 1,
    default: '`30000`',
    doc: "time allowed for each call of a client (the pool's deadline still bounds it)",
  },
  tls: objectOption(
    clientTlsTable('client.tls'),
    "verify against Node's root CAs",
    'TLS of `https://` members',
  ),
  ...httpCredentialsTable,
  proxy: {
    kind: 'string',
    schemes: ['http'],
    default: 'none',
    doc: 'an HTTP proxy (`http://[user:pass@]host:port`) for `http://` members',
  },
  maxResponseBytes: {
    kind: 'integer',
    min: 1,
    default: '`16777216` (16 MiB)',
    doc: 'largest response after gzip inflation',
  },
  maxSockets: { kind: 'integer', min: 1, default: '`256`', doc: 'most sockets kept open to one member' },
  decodeLimits: objectOption(decodeLimitsTable('response'), "the codec's limits", 'response decode limits'),
  decoding: objectOption(
    decodingTable('results'),
    '`{dateTimes: date, structs: object}`',
    'how results reach the caller ([value mapping](codec.md#value-mapping))',
  ),
  ssh: objectOption(
    sshTable,
    '`{}`',
    'the system ssh client for `ssh://` members, as `ssh` of `XmlRpcProxyFactory`',
  ),
  logger: { kind: 'code-only', why: 'a logger object, set in code' },
} as const satisfies OptionTable<XmlRpcClientOptions>;
