/**
 * The catalogue of every error code Spindle throws, one entry per code with the
 * sentence `docs/errors.md` shows for it. Match on `error.code`, never on the
 * message: codes are stable across releases, messages are not.
 *
 * A test (`test/common/errorCodes.spec.ts`) fails when this list, the docs page
 * and the codes actually thrown drift apart. Retired codes must not be reused.
 */
export const ERROR_CODES = {
  // common
  SPINDLE_INVALID_ARGUMENT: 'An option or argument given to a Spindle API is invalid; the message names it.',
  SPINDLE_CLOSED: 'The object was used after close() was called.',

  // codec
  SPINDLE_CODEC_NOT_WELL_FORMED:
    'The bytes are not well-formed XML, or hold a DOCTYPE, which is never accepted (fault −32700).',
  SPINDLE_CODEC_UNSUPPORTED_ENCODING: 'The document declares an encoding other than UTF-8 (fault −32701).',
  SPINDLE_CODEC_INVALID_CHARACTER:
    'The document holds bytes that are not valid UTF-8 or characters XML 1.0 forbids (fault −32702).',
  SPINDLE_CODEC_INVALID_REQUEST:
    'Well-formed XML that is not a valid XML-RPC message: wrong structure or a bad scalar (fault −32600).',
  SPINDLE_CODEC_LIMIT_EXCEEDED:
    "The message is deeper, wider, longer or bigger than a configured decode limit (fault −32600), or than an encoder's maxBytes.",
  SPINDLE_CODEC_UNENCODABLE:
    'A value cannot be written as XML-RPC (NaN, a function, a Set or Promise, a forbidden character); the message names its path.',

  // client transport
  SPINDLE_CLIENT_CONNECT_FAILED:
    'The client could not open a connection (refused, unreachable, unknown host, or an HTTP proxy refused the CONNECT tunnel); the request did not run.',
  SPINDLE_CLIENT_TLS_FAILED:
    'The TLS handshake failed (untrusted certificate, wrong host name, refused client certificate); the request did not run.',
  SPINDLE_CLIENT_TIMEOUT:
    'The call did not finish within its timeout; `outcome` says whether the request was sent.',
  SPINDLE_CLIENT_ABORTED:
    'The caller aborted the call through its AbortSignal; `outcome` says whether it was sent.',
  SPINDLE_CLIENT_CONNECTION_LOST: 'The connection was reset or closed before the whole response arrived.',
  SPINDLE_CLIENT_RESPONSE_TOO_LARGE:
    "The response (after gzip inflation) is larger than the client's `maxResponseBytes`.",
  SPINDLE_CLIENT_BAD_RESPONSE:
    'The server answered HTTP 200 with a body that is not a valid XML-RPC response (HTML, truncated XML, bad encoding).',
  SPINDLE_CLIENT_PROTOCOL_ERROR:
    'The server answered with an HTTP status other than 200 (a ProtocolError with url, status, headers and body start).',

  // ssh transport
  SPINDLE_SSH_HOST_KEY_REJECTED:
    "ssh refused the server's host key (unknown to the known-hosts file, or changed); the request did not run.",
  SPINDLE_SSH_AUTH_FAILED:
    "The ssh server refused the client's key (Permission denied); the request did not run.",
  SPINDLE_SSH_CONNECT_FAILED:
    'ssh could not open a session (connection refused, unknown host, ssh missing, session refused); the request did not run.',
  SPINDLE_SSH_REMOTE_FAILED:
    'The ssh connection or the remote command ended without a response; `outcome` says whether the request may have run.',

  // config
  SPINDLE_CONTEXT_INVALID:
    'A context (its files or definitions) is invalid; error.problems lists every problem with file, line, column and object id.',

  // server
  SPINDLE_SERVER_LISTEN_FAILED:
    'The XML-RPC server could not listen on its host:port (in use, not permitted, unknown host).',
  SPINDLE_SERVER_CONFLICT:
    'Two exporters on one host:port disagree: the same service path twice, or different TLS settings for one server; or a service at /healthz or /readyz on a server with health: true.',
  SPINDLE_SERVER_INSECURE_AUTH:
    'Basic auth was configured on a plain-HTTP server without allowInsecure: true.',

  // container
  SPINDLE_CONTAINER_UNKNOWN_OBJECT:
    'No object has this id (a `get`, a `ref` or a `depends-on`); the message suggests the closest ids.',
  SPINDLE_CONTAINER_UNKNOWN_CLASS:
    'A `class` is neither a built-in, nor a registered name, nor a `module#export`.',
  SPINDLE_CONTAINER_MODULE_NOT_FOUND:
    'The module named by a `class="path#Export"` cannot be found or fails to load.',
  SPINDLE_CONTAINER_EXPORT_MISSING:
    'The module loads but has no such export, or the export is not a class or function.',
  SPINDLE_CONTAINER_UNKNOWN_PROPERTY:
    'A built-in class has no property (or constructor argument) of this name.',
  SPINDLE_CONTAINER_VALUE_TYPE:
    'A value does not fit what its property or argument expects: its type, range, allowed values or URL scheme (e.g. a port that is not a number, or above 65535).',
  SPINDLE_CONTAINER_MISSING_PROPERTY:
    'A built-in class cannot be made without this property (or field), e.g. an exporter without `service`.',
  SPINDLE_CONTAINER_CYCLE: 'Objects refer to each other in a cycle; the message prints the whole cycle.',
  SPINDLE_CONTAINER_ABSTRACT: 'An abstract definition was asked for; it is a template, only inherited from.',
  SPINDLE_CONTAINER_ARGUMENT:
    'A constructor argument cannot be placed: a name the class does not declare, an index given twice, more arguments than the constructor declares, or a positional argument to a built-in class.',
  SPINDLE_CONTAINER_LIFECYCLE_METHOD:
    'An `init-method`, `destroy-method` or `factory-method` names a method the class does not define, or is given to a built-in class.',
  SPINDLE_CONTAINER_INIT_FAILED:
    'Creating or initialising an object failed; the context closed what it had started. See `cause`.',
  SPINDLE_CONTAINER_ASYNC_OBJECT:
    'A synchronous `get` reached an object whose creation is asynchronous; use `await ctx.getAsync(id)`.',
  SPINDLE_CONTAINER_DESTROY_FAILED:
    'One or more objects failed while being destroyed at `close()`; see `cause`.',
  SPINDLE_CONTAINER_PORT_CONFLICT:
    'Two exporters listen on one host and port with the same path, or with different TLS settings.',
  SPINDLE_CONTAINER_AUTOWIRE:
    'An autowired argument or property, or a lookup by type, finds no object of its type, or several with no single primary; the message names the candidates.',

  // faults
  SPINDLE_FAULT: 'The remote service answered with an XML-RPC fault; see faultCode and faultString.',

  // discovery
  SPINDLE_DISCOVERY_UNAVAILABLE:
    'etcd could not be reached when a discovery read its prefix or a registration first registered, or no DNS server answered the first lookup of a DNS discovery.',
  SPINDLE_DISCOVERY_REJECTED_MEMBER:
    'A registry entry was ignored: its value is not a registration, or its URL is outside the accepted schemes and hosts.',
  SPINDLE_DISCOVERY_LOOKUP_FAILED:
    'A DNS discovery lookup failed or found no records; pools keep the last good members (logged, never thrown to callers).',

  // ha
  SPINDLE_HA_NO_AVAILABLE_MEMBER:
    'Every member of a high-availability pool is ejected (or the pool is empty); the call was not sent, or only to members that refused it.',
  SPINDLE_HA_OUTCOME_UNKNOWN:
    'A call was lost after it was sent to a member and may have run there; a method not declared idempotent was not sent again, an idempotent one got no answer from any later attempt. `attempts` lists them all.',

  // observability (spindle run --metrics / --status)
  SPINDLE_OBSERVABILITY_LISTEN_FAILED:
    'The --metrics or --status endpoint could not listen on its host:port (in use, not permitted, unknown host).',
} as const;

/** Every error code Spindle may put in `SpindleError.code`. */
export type SpindleErrorCode = keyof typeof ERROR_CODES;
