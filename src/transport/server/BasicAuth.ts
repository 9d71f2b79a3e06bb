import { createHash, timingSafeEqual } from 'node:crypto';

import { SpindleError } from '../../common/index.js';

/** HTTP Basic authentication of an exported service. */
export interface BasicAuthOptions {
  /** User name → password. Put passwords in placeholders (`${API_PASSWORD}`), not in files. */
  readonly users: Readonly<Record<string, string>>;
  /** The realm named in `WWW-Authenticate`. @default "spindle" */
  readonly realm?: string;
  /**
   * Allow Basic auth on a plain-HTTP server, where passwords cross the network
   * in clear text. Only for loopback and tests.
   * @default false
   */
  readonly allowInsecure?: boolean;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks `Authorization: Basic …` headers. Passwords are compared as SHA-256
 * digests with `timingSafeEqual`, and an unknown user costs the same as a wrong
 * password, so timing tells an attacker nothing. Nothing here is ever logged.
 */
export class BasicAuth {
  /** The `WWW-Authenticate` value of a 401. */
  public readonly challenge: string;
  public readonly allowInsecure: boolean;
  private readonly users: ReadonlyMap<string, Buffer>;
  private readonly decoy = digest('spindle: no such user');

  public constructor(options: BasicAuthOptions) {
    if (typeof options.users !== 'object' || Object.keys(options.users).length === 0) {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'auth.users must name at least one user');
    }
    const users = new Map<string, Buffer>();
    for (const [user, password] of Object.entries(options.users)) {
      if (typeof password !== 'string' || user.includes(':')) {
        throw new SpindleError(
          'SPINDLE_INVALID_ARGUMENT',
          'auth.users maps user names (no ":") to password strings',
        );
      }
      users.set(user, digest(password));
    }
    this.users = users;
    const realm = (options.realm ?? 'spindle').replace(/["\\]/g, '');
    this.challenge = `Basic realm="${realm}", charset="UTF-8"`;
    this.allowInsecure = options.allowInsecure ?? false;
  }

  /** The authenticated user name, or undefined when the header is missing or wrong. */
  public check(header: string | undefined): string | undefined {
    if (header === undefined || header.length < 7 || header.slice(0, 6).toLowerCase() !== 'basic ')
      return undefined;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon);
    const expected = this.users.get(user);
    const matches = timingSafeEqual(digest(decoded.slice(colon + 1)), expected ?? this.decoy);
    return matches && expected !== undefined ? user : undefined;
  }
}
