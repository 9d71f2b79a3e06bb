/**
 * How strictly the server's host key is checked (OpenSSH's
 * `StrictHostKeyChecking`): `true` refuses a host that is not in the
 * known-hosts file or whose key changed; `'accept-new'` adds unknown hosts but
 * still refuses a changed key; `false` accepts any key (tests only).
 */
export type HostKeyChecking = boolean | 'accept-new';

/**
 * Settings of the system `ssh` client that carries `ssh://` calls. Each maps
 * to one OpenSSH option; anything else goes in `options`.
 */
export interface SshOptions {
  /** Private key to authenticate with (`-i`, with `IdentitiesOnly=yes`). @default ssh's own choice (agent, `~/.ssh/id_*`) */
  readonly identityFile?: string;
  /** Known-hosts file holding the server's key (`UserKnownHostsFile`). @default `~/.ssh/known_hosts` */
  readonly knownHostsFile?: string;
  /** Host key checking; strict unless asked otherwise by name. @default true */
  readonly strictHostKeyChecking?: HostKeyChecking | 'yes' | 'no' | 'true' | 'false';
  /** ssh config file (`-F`); `'none'` reads no file, so `~/.ssh/config` cannot change behaviour. @default ssh's own (`~/.ssh/config`) */
  readonly configFile?: string;
  /** The ssh executable. @default "ssh" (found on PATH) */
  readonly sshPath?: string;
  /** Time allowed to open the TCP connection (`ConnectTimeout`), in seconds. @default 10 */
  readonly connectTimeoutSeconds?: number;
  /**
   * Reuse one authenticated connection for every call (OpenSSH `ControlMaster=auto`
   * with a control socket in a private temporary directory); a call then costs a
   * new channel, not a new handshake.
   * @default true
   */
  readonly multiplex?: boolean;
  /** How long the shared connection stays open after the last call (`ControlPersist`), in seconds. @default 60 */
  readonly persistSeconds?: number;
  /**
   * The command line sent to the server. With a forced command in
   * `authorized_keys` (the usual set-up) the server sees it as
   * `SSH_ORIGINAL_COMMAND`, and `spindle bridge` takes its first word as the
   * service path. The default appends the call's request id as a second word
   * (`/NodeManager --request-id=<id>`); a command given here is sent as
   * written, except that `{requestId}` in it is replaced by the id
   * (percent-encoded, one shell word), e.g.
   * `spindle bridge /srv/nm.xml --request-id={requestId}`.
   * @default the URL's path and the request id (`/NodeManager --request-id=…` for `ssh://nm@node/NodeManager`)
   */
  readonly remoteCommand?: string;
  /**
   * Most calls in flight at once; more wait their turn, first come first
   * served, within their own `timeoutMs` (the wait counts against it). sshd
   * accepts 10 channels per connection by default (`MaxSessions`), so keep
   * this below that.
   * @default 8
   */
  readonly maxConcurrentCalls?: number;
  /** Extra `-o Name=value` options, e.g. `{ ServerAliveInterval: '15' }`. @default {} */
  readonly options?: Readonly<Record<string, string>>;
}
