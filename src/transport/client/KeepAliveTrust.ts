/**
 * What a client has learnt of how a server treats kept-alive connections:
 * - `unproven`: nothing yet. A connection that finished a response is held
 *   back, not reused, until a later round trip proves it stays open;
 * - `trusted`: connections are reused (the server announced
 *   `Keep-Alive: timeout=N`, or a held connection survived a round trip);
 * - `closes`: the server closed a held connection right after its response
 *   without saying so (Frontier::Daemon, HTTP::Daemon): every call gets a
 *   fresh connection, for the client's lifetime.
 */
export type KeepAliveVerdict = 'unproven' | 'trusted' | 'closes';

/** A connection as the trust sees it: a tag for when its request started. */
export interface Observed {
  /** `responses` of the trust when the connection's current request was handed to it. */
  startedAfter: number;
}

/** A connection held back after its response until the server's habit is known. */
interface Held<C> {
  readonly connection: C;
  /** `responses` counted with its own response. */
  readonly seq: number;
  /** When its response arrived (`performance.now()` time). */
  readonly at: number;
}

/**
 * A close this soon after a response is the server's habit of closing after
 * each answer; a later one is an idle timeout (servers keep idle connections
 * for seconds), which says nothing about reuse.
 */
const CLOSE_AFTER_RESPONSE_MS = 1000;

/** What most calls get back: nothing to release or close (shared, so the usual path allocates nothing). */
const NOTHING: readonly never[] = [];

/**
 * Learns, per endpoint, whether its server keeps connections open after a
 * response, rather than re-sending blindly when a reused one turns out closed
 * (which, for a call that is not idempotent, cannot tell "closed while idle"
 * from "died running it").
 *
 * A server that closes right after each answer without `Connection: close`
 * breaks RFC 7230 §6.3 (it must send `close`), but is common among small
 * XML-RPC servers. Undici and Node's agent trust every HTTP/1.1 server and
 * fail the call that meets such a close; CPython's xmlrpc.client re-sends any
 * call once after it, which can run a call twice. Here, until a server
 * proves otherwise, a connection that finished a response is held: if
 * a round trip that started after that response completes (on another
 * connection) while the held one is still open, the server keeps connections
 * and every held one is released for reuse; if the server closes a held one
 * within a second of its response, it is marked `closes`. A server that
 * announces `Keep-Alive: timeout=N` (Node's http server, Spindle's exporter,
 * Apache) is trusted at its word, so the usual case costs no extra connection.
 * A server without that header costs one extra connection per endpoint in
 * sequential use (one per call in flight when the first answers arrive).
 */
export class KeepAliveTrust<C extends Observed> {
  /** The current verdict. */
  public verdict: KeepAliveVerdict = 'unproven';
  /** Complete responses seen so far: orders held connections against later round trips. */
  public responses = 0;
  private held: Held<C>[] = [];

  /** Tags `connection` as carrying a request that starts now. */
  public starting(connection: C): void {
    connection.startedAfter = this.responses;
  }

  /**
   * A response completed on `connection`; `announced` when it carried a
   * `Keep-Alive: timeout=N` with time left. Returns the held connections this
   * proved reusable (to be released by the caller), in the order they were held.
   */
  public responded(connection: C, announced: boolean): readonly C[] {
    this.responses += 1;
    if (this.verdict !== 'unproven') return NOTHING;
    // A held connection that answered before this round trip started, and is
    // still open now that it is over, survived past its response.
    const proven = announced || this.held.some((entry) => entry.seq <= connection.startedAfter);
    if (!proven) return NOTHING;
    this.verdict = 'trusted';
    const released = this.held.map((entry) => entry.connection);
    this.held = [];
    return released;
  }

  /** Holds `connection`, which finished a response while the verdict is `unproven`. */
  public hold(connection: C): void {
    this.held.push({ connection, seq: this.responses, at: performance.now() });
  }

  /** Takes the oldest held connection away (to make room for a call), or undefined when none is held. */
  public takeOldest(): C | undefined {
    return this.held.shift()?.connection;
  }

  /**
   * `connection` closed (by the server, or failed). When it was held, and
   * closed soon after its response, the server closes after responses: the
   * verdict turns `closes`, and the other held connections are returned, to
   * be closed by the caller (they will never be reused).
   */
  public closed(connection: C): readonly C[] {
    if (this.held.length === 0) return NOTHING;
    const index = this.held.findIndex((entry) => entry.connection === connection);
    if (index < 0) return NOTHING;
    const [entry] = this.held.splice(index, 1);
    if (entry === undefined || performance.now() - entry.at > CLOSE_AFTER_RESPONSE_MS) return NOTHING;
    this.verdict = 'closes';
    const useless = this.held.map((other) => other.connection);
    this.held = [];
    return useless;
  }

  /** Forgets every held connection (the client is closing them). */
  public clear(): void {
    this.held = [];
  }
}
