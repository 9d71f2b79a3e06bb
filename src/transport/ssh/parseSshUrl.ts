import { SpindleError } from '../../common/index.js';

/** The parts of an `ssh://user@host[:port]/path` URL that the ssh client needs. */
export interface SshTarget {
  /** The login name, when the URL has one. @default ssh's own (the local user or `~/.ssh/config`) */
  readonly user?: string;
  /** Host name or address, without IPv6 brackets. */
  readonly host: string;
  /** The port, when the URL has one. @default ssh's own (22 or `~/.ssh/config`) */
  readonly port?: number;
  /** The URL path: the service path sent as the remote command (`/` when absent). */
  readonly path: string;
  /** The URL for messages and logs. */
  readonly description: string;
}

/** Login names ssh accepts without quoting trouble on either side. */
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

/**
 * Reads an `ssh://` URL. A password in the URL is refused: the transport runs
 * ssh in batch mode, which never asks for one; use a key (`ssh.identityFile`).
 */
export function parseSshUrl(input: string | URL): SshTarget {
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `not an ssh:// URL: '${String(input)}'`, {
      cause: error,
    });
  }
  if (url.protocol !== 'ssh:') {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `not an ssh:// URL: '${url.protocol}//'`);
  }
  if (url.password !== '') {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      'ssh:// URLs cannot carry a password (ssh runs in batch mode); use a key file (ssh.identityFile)',
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '' || host.startsWith('-')) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `ssh:// URL needs a host: '${url.href}'`);
  }
  const user = decodeURIComponent(url.username);
  if (user !== '' && !USER.test(user)) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `ssh:// URL has an unusable user name: '${user}'`);
  }
  const path = url.pathname === '' ? '/' : url.pathname;
  const port = url.port === '' ? undefined : Number(url.port);
  const description = `ssh://${user === '' ? '' : `${user}@`}${url.host}${path}`;
  return {
    host,
    path,
    description,
    ...(user === '' ? {} : { user }),
    ...(port === undefined ? {} : { port }),
  };
}
