/** The replicated service: every replica answers the same, and says who it is. */
export class Greeter {
  #recorded = 0;

  /** Idempotent: safe for the pool to send again to another replica. Says which replica answered. */
  public greet(name: string): string {
    return `Hello, ${name}! (${this.whoAmI()})`;
  }

  /** Idempotent: which process answered (replica number from `spindle run --replicas`, and pid). */
  public whoAmI(): string {
    return `replica ${process.env['SPINDLE_REPLICA'] ?? '0'} (pid ${String(process.pid)})`;
  }

  /** Not idempotent: counts calls, so the pool never sends it twice. */
  public record(note: string): string {
    this.#recorded += 1;
    return `${note} #${String(this.#recorded)}`;
  }
}
