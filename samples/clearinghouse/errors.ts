/**
 * The exception hierarchy of the Seattle Clearinghouse client library, in
 * TypeScript. Every error a `ClearinghouseClient` method rejects with is a
 * `ClearinghouseError`; catch the subclasses to tell the cases apart.
 *
 * `client.xml` maps the server's fault codes to these classes (and transport
 * failures to `CommunicationError`); the original `Fault` or `TransportError`
 * is kept as `cause`.
 */

/** Base class of every error raised by `ClearinghouseClient` (the seed's `SeattleClearinghouseError`). */
export class ClearinghouseError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // The subclass's name in stack traces and `String(error)`, without repeating it in each class.
    this.name = new.target.name;
  }
}

/**
 * XML-RPC communication failed: connection refused, TLS failure, a timeout, an
 * HTTP error. `cause.outcome` says whether the request may have run
 * (`not-executed` or `unknown`).
 */
export class CommunicationError extends ClearinghouseError {}

/** An unexpected error, probably a bug in this client or in the Clearinghouse. */
export class InternalError extends ClearinghouseError {}

/** Authentication failed: invalid username and/or API key. */
export class AuthenticationError extends ClearinghouseError {}

/** The request is invalid (a bad count, an unknown resource type, a handle that is not yours). */
export class InvalidRequestError extends ClearinghouseError {}

/** The operation needs more vessel credits than the account has available. */
export class NotEnoughCreditsError extends ClearinghouseError {}

/** The Clearinghouse could not acquire the requested resources (not enough free vessels of that kind). */
export class UnableToAcquireResourcesError extends ClearinghouseError {}
