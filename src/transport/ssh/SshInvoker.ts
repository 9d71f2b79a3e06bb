import type { XmlRpcClientOptions } from '../../rpc/index.js';
import { XmlRpcClient } from '../../rpc/index.js';
import type { SshChannelOptions } from './SshChannel.js';
import { SshChannel } from './SshChannel.js';

/** Options of an `ssh://` client: the ssh channel's, plus the client's own. */
export interface SshInvokerOptions
  extends SshChannelOptions, Pick<XmlRpcClientOptions, 'timeoutMs' | 'decodeLimits' | 'decoding'> {}

/**
 * The `XmlRpcClient` of an `ssh://user@host[:port]/path` URL, over an
 * `SshChannel`: the same as `new XmlRpcClient(url, options)` (and what
 * `createProxy` makes for such a URL), with the channel's control directory
 * in reach for diagnostics.
 *
 * @example
 * const nm = new SshInvoker('ssh://nm@node.example.org/NodeManager', {
 *   ssh: { identityFile: '/home/me/.ssh/nm_key', knownHostsFile: '/home/me/.ssh/known_hosts' },
 * });
 * await nm.invoke('Ticket', [ticket]);
 * await nm.close();
 */
export class SshInvoker extends XmlRpcClient {
  readonly #channel: SshChannel;

  public constructor(url: string | URL, options: SshInvokerOptions = {}) {
    const channel = new SshChannel(url, options);
    super(channel, options);
    this.#channel = channel;
  }

  /** The directory holding the control socket, once a call created it (for tests and diagnostics). */
  public controlDirectory(): Promise<string | undefined> {
    return this.#channel.controlDirectory();
  }
}
