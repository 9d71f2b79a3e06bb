import { DiscoveryError } from './DiscoveryError.js';

/** Which registered URLs a discovery accepts: its defence against registry poisoning. */
export interface UrlPolicyOptions {
  /** Accepted URL schemes, without the colon; `['https']` refuses every plain-HTTP registration. @default ['http', 'https'] */
  readonly acceptSchemes?: readonly string[];
  /**
   * Accepted hosts: exact names or addresses (`10.0.0.5`, `api.internal`), or
   * `*.suffix` for any subdomain (`*.svc.example.com`).
   * @default any host
   */
  readonly acceptHosts?: readonly string[];
}

/**
 * Checks registered URLs against the accepted schemes and hosts before they
 * become pool members. A member that passes is still a normal client target:
 * with `https` its certificate and host name are verified on every
 * connection, so a rogue entry pointing at an accepted host cannot
 * impersonate it without its key.
 */
export class UrlPolicy {
  readonly #schemes: ReadonlySet<string>;
  readonly #hosts: readonly string[] | undefined;

  public constructor(options: UrlPolicyOptions = {}) {
    this.#schemes = new Set(
      (options.acceptSchemes ?? ['http', 'https']).map((s) => s.replace(/:$/, '').toLowerCase()),
    );
    this.#hosts = options.acceptHosts?.map((h) => h.toLowerCase());
  }

  /** Returns the URL when accepted; throws `SPINDLE_DISCOVERY_REJECTED_MEMBER` naming the rule it broke. */
  public check(key: string, url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw this.#rejected(key, `"${url}" is not a URL`);
    }
    const scheme = parsed.protocol.replace(/:$/, '');
    if (!this.#schemes.has(scheme)) {
      throw this.#rejected(
        key,
        `scheme ${scheme} is not accepted (accepted: ${[...this.#schemes].join(', ')})`,
      );
    }
    if (parsed.username !== '' || parsed.password !== '') {
      throw this.#rejected(key, 'a registered URL must not carry credentials');
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.#hosts !== undefined && !this.#hosts.some((rule) => hostMatches(rule, host))) {
      throw this.#rejected(key, `host ${host} is not accepted`);
    }
    return url;
  }

  #rejected(key: string, reason: string): DiscoveryError {
    return new DiscoveryError(
      'SPINDLE_DISCOVERY_REJECTED_MEMBER',
      `registry entry ${key} ignored: ${reason}`,
    );
  }
}

function hostMatches(rule: string, host: string): boolean {
  const bare = rule.replace(/^\[|\]$/g, '');
  if (bare.startsWith('*.')) return host.endsWith(bare.slice(1)) && host.length > bare.length - 1;
  return host === bare;
}
