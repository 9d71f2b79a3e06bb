import { SpindleError } from '../../common/index.js';
import type { Invoker } from '../Invoker.js';
import type { ClientChannel } from './ClientChannel.js';
import type { XmlRpcClientOptions } from './XmlRpcClientOptions.js';

/**
 * Builds what carries the calls for one URL of a registered scheme: a
 * `ClientChannel` (bytes in, bytes out; `XmlRpcClient` does the XML-RPC around
 * it), or, as before channels existed, a whole `Invoker`, used as it is.
 */
export type TransportFactory = (url: URL, options: XmlRpcClientOptions) => ClientChannel | Invoker;

/**
 * The factories by scheme (`'http:'`). The built-in schemes are registered by
 * the proxy layer (src/proxy/transports.ts), which is the first to know both
 * this core and the channels in src/transport.
 */
const factories = new Map<string, TransportFactory>();

/**
 * Registers the transport for a URL scheme (`'ssh:'`), so `createProxy`,
 * `XmlRpcProxyFactory`, pools and `new XmlRpcClient(url)` accept its URLs. A
 * scheme registered again is replaced. `http:`, `https:` and `ssh:` are built
 * in.
 *
 * @example
 * registerTransport('loop:', () => ({
 *   description: 'loop:',
 *   exchange: (request) => dispatcher.handle(request),
 *   close: () => Promise.resolve(),
 * }));
 */
export function registerTransport(scheme: string, factory: TransportFactory): void {
  const key = scheme.endsWith(':') ? scheme : `${scheme}:`;
  factories.set(key.toLowerCase(), factory);
}

/** Whether a factory gave a whole invoker rather than a channel. */
export function isInvoker(made: ClientChannel | Invoker): made is Invoker {
  return typeof (made as Partial<Invoker>).invoke === 'function';
}

/** What the factory registered for `url`'s scheme makes of it. */
export function openTransport(url: string | URL, options: XmlRpcClientOptions): ClientChannel | Invoker {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `not a service URL: '${String(url).replace(/:[^/@:]*@/, ':***@')}'`,
      { cause: error },
    );
  }
  const factory = factories.get(parsed.protocol);
  if (factory === undefined) {
    const known = [...factories.keys()].map((scheme) => `${scheme}//`).join(', ');
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `no transport for '${parsed.protocol}//' URLs (known: ${known === '' ? 'none' : known})`,
    );
  }
  return factory(parsed, options);
}

/** The channel for `url`; a scheme whose factory makes a whole invoker has none to give. */
export function openChannel(url: string | URL, options: XmlRpcClientOptions): ClientChannel {
  const made = openTransport(url, options);
  if (!isInvoker(made)) return made;
  void made.close();
  throw new SpindleError(
    'SPINDLE_INVALID_ARGUMENT',
    `the transport registered for '${made.description}' makes an Invoker, not a channel: use createInvoker or createProxy with this URL`,
  );
}
