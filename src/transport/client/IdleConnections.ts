/** A connection as the idle pool sees it. */
export interface Parkable {
  /** Until when (a `performance.now()` time) the server keeps it open by its own word. */
  readonly reusableUntil: number;
  /** Marks it idle: its socket must no longer keep the process alive. */
  park(): void;
  /** Closes it at once. */
  destroy(): void;
}

/**
 * The idle keep-alive connections of one client, most recently used last and
 * taken last in, first out: the newest has the most of the server's
 * keep-alive time left, so the fewest calls meet a connection the server is
 * about to close.
 */
export class IdleConnections<C extends Parkable> {
  private readonly connections: C[] = [];

  /** Parks `connection` as the newest idle one. */
  public park(connection: C): void {
    connection.park();
    this.connections.push(connection);
  }

  /**
   * The most recently parked idle connection the server still keeps open by
   * its own word (`Keep-Alive: timeout=N`); older ones are closed, not risked.
   */
  public take(): C | undefined {
    const now = performance.now();
    for (
      let connection = this.connections.pop();
      connection !== undefined;
      connection = this.connections.pop()
    ) {
      if (connection.reusableUntil > now) return connection;
      connection.destroy();
    }
    return undefined;
  }

  /** Forgets `connection` if it is idle here (its socket closed while parked). */
  public delete(connection: C): void {
    const index = this.connections.lastIndexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
  }

  /** Forgets every idle connection, without closing any (the client closes every socket it opened). */
  public clear(): void {
    this.connections.length = 0;
  }
}
