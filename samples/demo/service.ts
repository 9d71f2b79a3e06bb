/** The demo's service: Spring Python's `getData`, plus `whoAmI` so the client can show who answered. */
export class Service {
  public getData(param: string): string {
    return `You got remote data => ${param}`;
  }

  /** The replica number `spindle run --replicas` gave this process, and its pid. */
  public whoAmI(): string {
    return `replica ${process.env['SPINDLE_REPLICA'] ?? '0'} (pid ${String(process.pid)})`;
  }
}
