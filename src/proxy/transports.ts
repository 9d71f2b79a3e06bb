import { SpindleError } from '../common/SpindleError.js';
import { SshInvoker } from '../transport/ssh/SshInvoker.js';
import type { Invoker } from '../rpc/Invoker.js';
import type { XmlRpcClientOptions } from './XmlRpcClient.js';
import { XmlRpcClient } from './XmlRpcClient.js';

/** Builds the invoker for one URL of a registered scheme. */
export type TransportFactory = (url: URL, options: XmlRpcClientOptions) => Invoker;

const factories = new Map<string, TransportFactory>([
  ['http:', (url, options) => new XmlRpcClient(url, options)],
  ['https:', (url, options) => new XmlRpcClient(url, options)],
  ['ssh:', (url, options) => new SshInvoker(url, options)],
]);

/**
 * Registers the transport for a URL scheme (`'ssh:'`), so `createProxy` and
 * `XmlRpcProxyFactory` accept its URLs. `http:` and `https:` are built in.
 */
export function registerTransport(scheme: string, factory: TransportFactory): void {
  const key = scheme.endsWith(':') ? scheme : `${scheme}:`;
  factories.set(key.toLowerCase(), factory);
}

/** The invoker for `url`, chosen by its scheme. */
export function createInvoker(url: string | URL, options: XmlRpcClientOptions = {}): Invoker {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `not a service URL: '${String(url).replace(/:[^/@:]*@/, ':***@')}'`,
      {
        cause: error,
      },
    );
  }
  const factory = factories.get(parsed.protocol);
  if (factory === undefined) {
    const known = [...factories.keys()].map((scheme) => `${scheme}//`).join(', ');
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `no transport for '${parsed.protocol}//' URLs (known: ${known})`,
    );
  }
  return factory(parsed, options);
}
