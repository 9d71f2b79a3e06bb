import type { Invoker } from '../Invoker.js';
import { isInvoker, openTransport } from './transportRegistry.js';
import { XmlRpcClient } from './XmlRpcClient.js';
import type { XmlRpcClientOptions } from './XmlRpcClientOptions.js';

/**
 * The invoker for `url`, chosen by its scheme: an `XmlRpcClient` over the
 * scheme's channel, or the invoker its factory made.
 */
export function createInvoker(url: string | URL, options: XmlRpcClientOptions = {}): Invoker {
  const made = openTransport(url, options);
  return isInvoker(made) ? made : new XmlRpcClient(made, options);
}
