import type { DecodeLimits, DecodeOptions } from '../../codec/index.js';
// The one import from a higher folder, type-only (erased at run time): the
// option bag a user passes with a URL names the built-in channels' options,
// while the channels themselves are made by the scheme registry.
// eslint-disable-next-line no-restricted-imports -- see docs/architecture.md, "Exceptions"
import type { HttpTransportOptions, SshOptions } from '../../transport/index.js';

/**
 * Options of an XML-RPC client: the invoker's own (`timeoutMs`,
 * `decodeLimits`, `decoding`), plus those of the channel a URL's scheme
 * opens: the HTTP(S) channel's (`tls`, `username`, `password`, `headers`,
 * `proxy`, `maxResponseBytes`, `maxSockets`, `logger`) and, for `ssh://`,
 * `ssh`. A registered scheme's factory receives the whole object.
 */
export interface XmlRpcClientOptions extends HttpTransportOptions {
  /** Time allowed for each call, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Limits applied when decoding responses. @default the codec's defaults */
  readonly decodeLimits?: Partial<DecodeLimits>;
  /**
   * How results are shaped: `dateTimes` (`'date'`: a `Date`, a zone-less text
   * read as UTC; `'naive'`: an `XmlRpcDateTime`) and `structs` (`'object'`:
   * plain objects; `'null-prototype'`). See docs/codec.md.
   * @default { dateTimes: 'date', structs: 'object' }
   */
  readonly decoding?: DecodeOptions;
  /** Settings of the ssh client for `ssh://` URLs (key, known hosts, host key checking). @default {} */
  readonly ssh?: SshOptions;
}
