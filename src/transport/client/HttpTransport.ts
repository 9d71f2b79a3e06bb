import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

import type { Logger } from '../../common/Logger.js';
import { silentLogger } from '../../common/Logger.js';
import { SpindleError } from '../../common/SpindleError.js';
import { collectBody, collectStart } from './collectBody.js';
import { ProtocolError } from './ProtocolError.js';
import type { PemSource } from './tlsMaterial.js';
import { loadPem } from './tlsMaterial.js';
import type { AttemptProgress } from './toTransportError.js';
import { CallAborted, CallTimedOut, isResetError, toTransportError } from './toTransportError.js';

/** TLS settings of a client (Spring Python's `SSLClient` arguments). */
export interface ClientTlsOptions {
  /** CA certificate(s) to trust instead of Node's bundle: PEM text or a file path. @default Node's root CAs */
  readonly ca?: PemSource | readonly PemSource[];
  /** Client private key (PEM text or file path), presented with `cert`. @default none */
  readonly key?: PemSource;
  /** Client certificate (PEM text or file path), for servers that require one. @default none */
  readonly cert?: PemSource;
  /** Passphrase of `key`. @default none */
  readonly passphrase?: string;
  /**
   * Skip verifying the server's chain and host name. Only for tests against a
   * self-signed server; a warning is logged when a client is built with it.
   * @default false
   */
  readonly insecure?: boolean;
}

/** Options of the HTTP(S) transport. */
export interface HttpTransportOptions {
  /** TLS settings for `https:` URLs. @default verify against Node's root CAs */
  readonly tls?: ClientTlsOptions;
  /** Basic-auth user name; the URL's userinfo is used when absent. @default from the URL */
  readonly username?: string;
  /** Basic-auth password; the URL's userinfo is used when absent. @default from the URL */
  readonly password?: string;
  /** Extra request headers sent with every call. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * An HTTP proxy to send `http:` calls through, as `http://[user:pass@]host:port`
   * (CPython's `ProxiedTransport`): the request line carries the absolute URL.
   * @default none (direct connection)
   */
  readonly proxy?: string;
  /** Largest response body accepted, after gzip inflation, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** Most sockets kept open to the server at once. @default 256 */
  readonly maxSockets?: number;
  /** Where the insecure-TLS warning goes. @default silent */
  readonly logger?: Logger;
}

/** Per-exchange options. */
export interface ExchangeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly requestId: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const ERROR_BODY_START = 1024;
/** What an attempt on a pooled socket that the server had closed resolves to. */
const STALE = Symbol('stale socket');

/**
 * Posts XML-RPC request bodies to one `http:`/`https:` URL over a keep-alive
 * agent and returns the response body. It knows nothing of XML-RPC; every
 * failure leaves it as a `TransportError` (through `toTransportError`).
 */
export class HttpTransport {
  /** The URL without credentials. */
  public readonly description: string;
  private readonly url: URL;
  private readonly secure: boolean;
  private readonly agent: http.Agent;
  private readonly requestTarget: { host: string; port: number; path: string };
  private readonly staticHeaders: Record<string, string>;
  private readonly maxResponseBytes: number;
  private readonly tlsOptions: https.AgentOptions;
  private closed = false;

  public constructor(url: URL, options: HttpTransportOptions = {}) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `HttpTransport: unsupported URL scheme '${url.protocol}'`,
      );
    }
    this.url = url;
    this.secure = url.protocol === 'https:';
    this.description = `${url.protocol}//${url.host}${url.pathname}${url.search}`;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const maxSockets = options.maxSockets ?? 256;
    const headers: Record<string, string> = {
      'User-Agent': 'spindle-xmlrpc/0.1',
      'Content-Type': 'text/xml',
      'Accept-Encoding': 'gzip',
      ...options.headers,
    };
    const username = options.username ?? decodeURIComponent(url.username);
    const password = options.password ?? decodeURIComponent(url.password);
    if (username !== '' || password !== '') {
      headers['Authorization'] = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    const defaultPort = this.secure ? 443 : 80;
    const port = url.port === '' ? defaultPort : Number(url.port);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.requestTarget = { host, port, path: `${url.pathname}${url.search}` };
    if (options.proxy !== undefined) {
      if (this.secure) {
        throw new SpindleError(
          'SPINDLE_INVALID_ARGUMENT',
          'proxy: only http: URLs can go through an HTTP proxy',
        );
      }
      const proxy = new URL(options.proxy);
      if (proxy.protocol !== 'http:') {
        throw new SpindleError(
          'SPINDLE_INVALID_ARGUMENT',
          `proxy: expected http://host:port, got '${options.proxy}'`,
        );
      }
      // The ProxiedTransport case: connect to the proxy, name the real target
      // in the absolute request URI and the Host header.
      this.requestTarget = {
        host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: proxy.port === '' ? 80 : Number(proxy.port),
        path: `http://${url.host}${url.pathname}${url.search}`,
      };
      headers['Host'] = url.host;
      if (proxy.username !== '' || proxy.password !== '') {
        const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
        headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
      }
    }
    this.staticHeaders = headers;
    this.tlsOptions = this.secure ? tlsAgentOptions(options, this.description) : {};
    this.agent = this.secure
      ? new https.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo', ...this.tlsOptions })
      : new http.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo' });
  }

  /**
   * Sends `body` and resolves to the response body of a 200 answer. A socket
   * taken from the keep-alive pool that turns out to be closed by the server
   * (reset before any response byte) is retried once on a new connection.
   */
  public async post(body: Buffer, options: ExchangeOptions): Promise<Buffer> {
    if (this.closed) {
      throw new SpindleError('SPINDLE_CLOSED', `${this.description}: client is closed`);
    }
    const deadline = Date.now() + options.timeoutMs;
    const first = await this.attempt(body, options, options.timeoutMs, true);
    if (first !== STALE) return first;
    const second = await this.attempt(body, options, Math.max(1, deadline - Date.now()), false);
    // A fresh connection is never stale; the check only satisfies the type.
    if (second === STALE)
      throw new SpindleError('SPINDLE_CLOSED', `${this.description}: connection lost twice`);
    return second;
  }

  /** Releases the pooled sockets; later calls fail with `SPINDLE_CLOSED`. */
  public close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private attempt(
    body: Buffer,
    options: ExchangeOptions,
    timeoutMs: number,
    pooled: boolean,
  ): Promise<Buffer | typeof STALE> {
    if (options.signal?.aborted === true) {
      const error = toTransportError(new CallAborted(options.signal.reason), {
        url: this.description,
        connected: false,
        secured: false,
        tls: this.secure,
        sent: false,
        responseStarted: false,
      });
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const progress: { -readonly [K in keyof AttemptProgress]: AttemptProgress[K] } = {
        url: this.description,
        connected: false,
        secured: false,
        tls: this.secure,
        sent: false,
        responseStarted: false,
      };
      let settled = false;
      const request = (this.secure ? https : http).request({
        host: this.requestTarget.host,
        port: this.requestTarget.port,
        path: this.requestTarget.path,
        method: 'POST',
        // The retry after a stale pooled socket uses a connection of its own.
        ...(pooled ? { agent: this.agent } : { agent: false, ...this.tlsOptions }),
        headers: {
          ...this.staticHeaders,
          'Content-Length': String(body.length),
          'X-Request-Id': options.requestId,
        },
      });
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        cleanup();
        request.destroy();
        if (pooled && request.reusedSocket && !progress.responseStarted && isResetError(error)) {
          resolve(STALE);
          return;
        }
        reject(toTransportError(error, progress));
      };
      const succeed = (result: Buffer): void => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(result);
      };
      const timer = setTimeout(() => {
        fail(new CallTimedOut(options.timeoutMs));
      }, timeoutMs);
      const onAbort = (): void => {
        fail(new CallAborted(options.signal?.reason));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('socket', (socket: Socket) => {
        const markConnected = (): void => {
          progress.connected = true;
        };
        const markSecured = (): void => {
          progress.secured = true;
        };
        if (socket.connecting) {
          socket.once('connect', markConnected);
          if (this.secure) socket.once('secureConnect', markSecured);
        } else {
          progress.connected = true;
          progress.secured = this.secure;
        }
      });
      request.on('finish', () => {
        progress.sent = true;
      });
      request.on('error', fail);
      request.on('response', (response) => {
        progress.responseStarted = true;
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          collectStart(response, ERROR_BODY_START, (bodyStart) => {
            fail(
              new ProtocolError(this.description, status, response.statusMessage ?? '', {
                headers: response.headers,
                bodyStart,
              }),
            );
          });
          return;
        }
        collectBody(response, this.description, this.maxResponseBytes, (error, result) => {
          if (error !== undefined || result === undefined) fail(error);
          else succeed(result);
        });
      });
      request.end(body);
    });
  }
}

function tlsAgentOptions(options: HttpTransportOptions, description: string): https.AgentOptions {
  const tls = options.tls ?? {};
  const agentOptions: https.AgentOptions = {};
  if (tls.ca !== undefined) {
    const sources: readonly PemSource[] = Array.isArray(tls.ca) ? tls.ca : [tls.ca as PemSource];
    agentOptions.ca = sources.map((source) => loadPem(source, 'ca'));
  }
  if (tls.key !== undefined) agentOptions.key = loadPem(tls.key, 'key');
  if (tls.cert !== undefined) agentOptions.cert = loadPem(tls.cert, 'cert');
  if (tls.passphrase !== undefined) agentOptions.passphrase = tls.passphrase;
  if (tls.insecure === true) {
    (options.logger ?? silentLogger).warn(
      'TLS verification is off (tls.insecure: true): the server certificate and host name are not checked',
      { url: description },
    );
    agentOptions.rejectUnauthorized = false;
    agentOptions.checkServerIdentity = () => undefined;
  }
  return agentOptions;
}
