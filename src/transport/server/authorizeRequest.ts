import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from '../../common/index.js';
import type { AuthFailureLimiter } from './AuthFailureLimiter.js';
import type { BasicAuth } from './BasicAuth.js';
import { replyStatus } from './httpReplies.js';

/**
 * The Basic auth gate of a route: the user whose credentials pass, or
 * undefined once the refusal is sent (429 to an address locked out after too
 * many wrong credentials, else 401 with the challenge). A module function,
 * not a closure, as it runs on every call to a service with auth.
 */
export function authorizeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  auth: BasicAuth,
  failures: AuthFailureLimiter,
  logger: Logger,
): string | undefined {
  const address = req.socket.remoteAddress ?? '';
  const wait = failures.lockedFor(address);
  if (wait > 0) {
    // Locked out: answer without looking at the credentials, so guessing gains nothing.
    replyStatus(res, 429, ['Retry-After', String(Math.ceil(wait / 1000))], true);
    return undefined;
  }
  const authorization = req.headers.authorization;
  const user = auth.check(authorization);
  if (user === undefined) {
    // A missing header is a browser's first try, not a guess; only wrong credentials count.
    if (authorization !== undefined && failures.fail(address)) {
      logger.warn('Basic auth locked out a client address', { remoteAddress: address });
    }
    replyStatus(res, 401, ['WWW-Authenticate', auth.challenge]);
  }
  return user;
}
