import { XmlRpcClient } from '../../../src/proxy/index.js';
import type { XmlRpcClientOptions } from '../../../src/proxy/index.js';

/**
 * Call inside a `describe`: returns a maker of `XmlRpcClient`s (3 s call
 * timeout unless `options` say otherwise) that are all closed after each test,
 * before the hooks registered later (so before the test's servers close).
 */
export function clientsClosedAfterEach(): (url: string, options?: XmlRpcClientOptions) => XmlRpcClient {
  const clients: XmlRpcClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
  });
  return (url, options = {}) => {
    const made = new XmlRpcClient(url, { timeoutMs: 3000, ...options });
    clients.push(made);
    return made;
  };
}
