/** What the transport knows about one request; passed through to logs. */
export interface CallContext {
  /** The caller's `X-Request-Id`, if it sent one. @default undefined */
  readonly requestId?: string | undefined;
  /** The peer's address. @default undefined */
  readonly remoteAddress?: string | undefined;
  /** The authenticated user name, if the transport authenticated one. @default undefined */
  readonly user?: string | undefined;
}
