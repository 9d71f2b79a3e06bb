import { SpindleError } from '../../common/index.js';

/** Where the `proxy` option points, parsed once when the client is built. */
export interface ProxyEndpoint {
  /** The proxy's host (IPv6 without brackets). */
  readonly host: string;
  /** The proxy's port. @default 80 */
  readonly port: number;
  /** `Basic …` from the URL's (percent-decoded) userinfo; absent when it has none. */
  readonly authorization: string | undefined;
}

/**
 * The parsed `proxy` option, `http://[user:pass@]host:port`: an HTTP proxy,
 * which carries `http:` calls itself and `https:` ones through a CONNECT tunnel.
 */
export function proxyEndpoint(text: string): ProxyEndpoint {
  let proxy: URL | undefined;
  try {
    proxy = new URL(text);
  } catch {
    proxy = undefined;
  }
  if (proxy?.protocol !== 'http:') {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `proxy: expected http://host:port, got '${text}'`);
  }
  const credentials =
    proxy.username === '' && proxy.password === ''
      ? undefined
      : `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return {
    host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: proxy.port === '' ? 80 : Number(proxy.port),
    authorization:
      credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`,
  };
}
