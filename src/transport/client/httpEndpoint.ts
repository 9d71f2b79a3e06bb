import { SpindleError } from '../../common/index.js';
import type { TunnelTarget } from './connectTunnel.js';
import type { HttpTransportOptions } from './HttpTransport.js';
import { proxyEndpoint } from './proxyEndpoint.js';

/** Where a transport's connections go, and the start of every request it sends. */
export interface HttpEndpoint {
  /** The host to connect to: the URL's, or the proxy's (IPv6 without brackets). */
  readonly connectHost: string;
  /** The port to connect to. */
  readonly connectPort: number;
  /** The origin to tunnel to, for `https:` through a proxy. */
  readonly tunnel: TunnelTarget | undefined;
  /** The request line and the headers every call sends, up to the per-call ones (latin1). */
  readonly headPrefix: Buffer;
}

/** What Node's HTTP client refuses in a header value (CR, LF, NUL and other controls). */
export const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The endpoint of a transport to `url` (`http:` or `https:`, as `secure`
 * says): direct, or through the `proxy` option (the absolute URL in the
 * request line for `http:`, a CONNECT tunnel for `https:`), with the fixed
 * headers (basic auth from the options or the URL's userinfo, then the extra
 * `headers`) checked as Node's HTTP client would.
 */
export function httpEndpoint(url: URL, secure: boolean, options: HttpTransportOptions): HttpEndpoint {
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string): void => {
    headers.set(name.toLowerCase(), [name, value]);
  };
  set('Host', url.host);
  set('User-Agent', 'spindle-xmlrpc/0.1');
  set('Content-Type', 'text/xml');
  set('Accept-Encoding', 'gzip');
  set('Connection', 'keep-alive');
  for (const [name, value] of Object.entries(options.headers ?? {})) set(name, value);
  const username = options.username ?? decodeURIComponent(url.username);
  const password = options.password ?? decodeURIComponent(url.password);
  if (username !== '' || password !== '') {
    set('Authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
  }
  let connectHost = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let connectPort = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  let target = `${url.pathname}${url.search}`;
  let tunnel: TunnelTarget | undefined;
  if (options.proxy !== undefined) {
    const proxy = proxyEndpoint(options.proxy);
    if (secure) {
      // A CONNECT tunnel to the origin: the requests inside it are the
      // origin's own (origin-form), and the proxy's credentials go on the
      // CONNECT request only, never to the origin.
      tunnel = {
        authority: `${url.hostname}:${connectPort}`,
        host: connectHost,
        proxyAuthorization: proxy.authorization,
      };
    } else {
      // The ProxiedTransport case: the absolute URI names the real target.
      target = `http://${url.host}${url.pathname}${url.search}`;
      if (proxy.authorization !== undefined) set('Proxy-Authorization', proxy.authorization);
    }
    connectHost = proxy.host;
    connectPort = proxy.port;
  }
  headers.delete('content-length');
  headers.delete('x-request-id');
  headers.delete('spindle-timeout');
  let head = `POST ${target} HTTP/1.1\r\n`;
  for (const [name, value] of headers.values()) {
    if (!HEADER_NAME.test(name) || INVALID_HEADER_VALUE.test(value)) {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `headers: invalid header ${JSON.stringify(name)}`);
    }
    head += `${name}: ${value}\r\n`;
  }
  return { connectHost, connectPort, tunnel, headPrefix: Buffer.from(head, 'latin1') };
}
