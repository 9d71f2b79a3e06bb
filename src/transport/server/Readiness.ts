/** Where a process stands for `GET /readyz`. */
export type ReadinessState = 'starting' | 'ready' | 'draining';

/**
 * Whether a process as a whole is ready for traffic, shared by every server it
 * runs: `starting` until `ready()`, then `ready` until `drain()`, then
 * `draining` for good. `spindle run` makes one, marks it ready once every
 * exporter listens and every etcd registration is written, and drains it at
 * SIGTERM, so each server's `/readyz` answers 503 while the process starts or
 * stops even when that one server is listening (Kubernetes then stops sending
 * traffic before the listener closes).
 */
export class Readiness {
  #state: ReadinessState;

  /** @param state where to begin. @default "starting" */
  public constructor(state: ReadinessState = 'starting') {
    this.#state = state;
  }

  /** `starting`, `ready` or `draining`. */
  public get state(): ReadinessState {
    return this.#state;
  }

  /** From `starting` to `ready`; does nothing once draining (a stopping process never comes back). */
  public ready(): void {
    if (this.#state === 'starting') this.#state = 'ready';
  }

  /** To `draining`, for good: `/readyz` answers 503 from now on. */
  public drain(): void {
    this.#state = 'draining';
  }
}
