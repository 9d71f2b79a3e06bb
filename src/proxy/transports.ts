import { createInvoker, registerTransport } from '../rpc/index.js';
// The client sub-folders' indexes, not transport's: a client need not load the HTTP server.
import { HttpTransport } from '../transport/client/index.js';
import { SshChannel } from '../transport/ssh/index.js';

// The built-in schemes. They are registered here, in the first layer that
// knows both the core's scheme registry (src/rpc) and the channels
// (src/transport); every way to a client (createProxy, XmlRpcProxyFactory,
// pools, the CLI, the `spindle` entry) loads this module.
registerTransport('http:', (url, options) => new HttpTransport(url, options));
registerTransport('https:', (url, options) => new HttpTransport(url, options));
registerTransport('ssh:', (url, options) => new SshChannel(url, options));

export { createInvoker, registerTransport };
export type { TransportFactory } from '../rpc/index.js';
