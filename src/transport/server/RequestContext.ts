import type { IncomingMessage } from 'node:http';

import type { CallContext } from './ServiceDispatcher.js';

/**
 * The `CallContext` of one HTTP request. Fields are read lazily from the
 * request, so the common case (nothing logged) costs one small object.
 */
export class RequestContext implements CallContext {
  public constructor(
    private readonly req: IncomingMessage,
    /** The user Basic auth admitted, if any. */
    public readonly user: string | undefined,
  ) {}

  /** The caller's `X-Request-Id` header. */
  public get requestId(): string | undefined {
    const id = this.req.headers['x-request-id'];
    return typeof id === 'string' ? id.slice(0, 200) : undefined;
  }

  /** The peer's IP address. */
  public get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }
}
