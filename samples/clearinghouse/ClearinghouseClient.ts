import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ApplicationContext } from 'spindle';
import type { Logger } from 'spindle';

import type { AccountInfo, Auth, ClearinghouseApi, ResourceType, VesselInfo } from './api.js';
import { ClearinghouseError, InternalError } from './errors.js';

export * from './errors.js';
export type { AccountInfo, VesselInfo } from './api.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Options of {@link ClearinghouseClient.open}: the seed's constructor parameters. */
export interface ClearinghouseClientOptions {
  /** Your username. */
  readonly username: string;
  /** Your API key. (The seed also accepts a private key; this port knows API keys only.) */
  readonly apiKey: string;
  /** Where the Clearinghouse XML-RPC server is. @default "https://127.0.0.1:8443/xmlrpc" */
  readonly xmlrpcUrl?: string;
  /**
   * Lets TLS run without checking the server's certificate: open to
   * man-in-the-middle attacks, never for production. A warning is logged.
   * @default false
   */
  readonly allowSslInsecure?: boolean;
  /** A PEM file of the CA certificates you trust. @default "cacert.pem" next to this module */
  readonly caCertsFile?: string;
  /** Time allowed for each call, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Where warnings go (the insecure-TLS one). @default warnings on stderr */
  readonly logger?: Logger;
}

/** Warnings on stderr; errors are thrown to the caller, so the library prints nothing else. */
const stderrLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => {
    console.warn(`warning: ${message}`);
  },
  error: () => undefined,
};

/**
 * The Seattle Clearinghouse client library in TypeScript: plain methods over
 * the XML-RPC API, every failure a `ClearinghouseError` subclass. The
 * transport (URL, CA file, insecure opt-out, fault → class mapping) is wired
 * by `client.xml`, not by this code.
 *
 * @example
 * const client = await ClearinghouseClient.open({ username: 'alice', apiKey, caCertsFile: 'cacert.pem' });
 * try {
 *   const vessels = await client.acquire_wan_resources(2);
 * } catch (error) {
 *   if (error instanceof NotEnoughCreditsError) console.log('no credits left');
 * } finally {
 *   await client.close();
 * }
 */
export class ClearinghouseClient {
  readonly #context: ApplicationContext;
  readonly #api: ClearinghouseApi;
  readonly #auth: Auth;

  private constructor(context: ApplicationContext, auth: Auth) {
    this.#context = context;
    this.#api = context.get<ClearinghouseApi>('clearinghouseApi');
    this.#auth = auth;
  }

  /** Loads `client.xml` with these options and returns a client; `close()` it when done. */
  public static async open(options: ClearinghouseClientOptions): Promise<ClearinghouseClient> {
    const settings: Record<string, string> = {
      CA_CERTS_FILE: resolve(options.caCertsFile ?? join(here, 'cacert.pem')),
    };
    if (options.xmlrpcUrl !== undefined) settings['XMLRPC_URL'] = options.xmlrpcUrl;
    if (options.timeoutMs !== undefined) settings['TIMEOUT_MS'] = String(options.timeoutMs);
    let context: ApplicationContext;
    try {
      context = await ApplicationContext.load([join(here, 'client.xml')], {
        settings,
        profiles: options.allowSslInsecure === true ? ['insecure'] : [],
        logger: options.logger ?? stderrLogger,
      });
    } catch (error) {
      // A missing CA file, a malformed URL: the library's own error, the reason kept.
      const reason = error instanceof Error ? error.message : String(error);
      throw new InternalError(`cannot set up the client: ${reason}`, { cause: error });
    }
    return new ClearinghouseClient(context, { username: options.username, api_key: options.apiKey });
  }

  /** Acquires `count` LAN vessels (on nodes of one subnet). */
  public acquire_lan_resources(count: number): Promise<VesselInfo[]> {
    return this.#acquire('lan', count);
  }

  /** Acquires `count` WAN vessels. */
  public acquire_wan_resources(count: number): Promise<VesselInfo[]> {
    return this.#acquire('wan', count);
  }

  /** Acquires `count` vessels on nodes behind NAT. */
  public acquire_nat_resources(count: number): Promise<VesselInfo[]> {
    return this.#acquire('nat', count);
  }

  /** Acquires `count` vessels of any kind. */
  public acquire_random_resources(count: number): Promise<VesselInfo[]> {
    return this.#acquire('random', count);
  }

  /** Acquires the vessels named by `handles` that are free; answers those acquired. */
  public acquire_specific_vessels(handles: readonly string[]): Promise<VesselInfo[]> {
    return this.#call(() => this.#api.acquire_specific_vessels(this.#auth, handles));
  }

  /** Releases every vessel named by `handles`. */
  public async release_resources(handles: readonly string[]): Promise<void> {
    await this.#call(() => this.#api.release_resources(this.#auth, handles));
  }

  /** Extends every vessel named by `handles` to seven days from now. */
  public async renew_resources(handles: readonly string[]): Promise<void> {
    await this.#call(() => this.#api.renew_resources(this.#auth, handles));
  }

  /** Every vessel the account holds: `node_ip`, `node_port`, `vessel_id`, `node_id`, `handle`, `expires_in_seconds`. */
  public get_resource_info(): Promise<VesselInfo[]> {
    return this.#call(() => this.#api.get_resource_info(this.#auth));
  }

  /** `user_port`, `user_name`, `max_vessels`, `user_affiliation`. */
  public get_account_info(): Promise<AccountInfo> {
    return this.#call(() => this.#api.get_account_info(this.#auth));
  }

  /** The account's public key. */
  public get_public_key(): Promise<string> {
    return this.#call(() => this.#api.get_public_key(this.#auth));
  }

  /** Closes the connections. */
  public async close(): Promise<void> {
    await this.#context.close();
  }

  #acquire(type: ResourceType, count: number): Promise<VesselInfo[]> {
    return this.#call(() =>
      this.#api.acquire_resources(this.#auth, { rspec_type: type, number_of_nodes: count }),
    );
  }

  /**
   * Faults and transport failures arrive already mapped (`client.xml`);
   * anything else (an argument XML-RPC cannot carry, a closed client) is the
   * seed's InternalError, so callers only ever catch `ClearinghouseError`s.
   */
  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ClearinghouseError) throw error;
      throw new InternalError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}
