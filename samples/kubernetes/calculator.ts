/** The service each pod runs: stateless, so any replica may answer any call. */
export class Calculator {
  /** Idempotent: the pool may send it again to another replica. */
  public add(a: number, b: number): number {
    return a + b;
  }

  /** Idempotent: which pod answered (Kubernetes sets HOSTNAME to the pod's name). */
  public whoAmI(): string {
    return process.env['HOSTNAME'] ?? 'unknown';
  }
}
