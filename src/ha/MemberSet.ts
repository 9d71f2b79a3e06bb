import type { Logger } from '../common/index.js';
import { outsideCall, TransportError } from '../rpc/index.js';
import type { BackoffPolicy } from './Backoff.js';
import type { Balancer } from './Balancer.js';
import type { EjectionPolicyLike } from './EjectionPolicy.js';
import type { MemberStateReport } from './HaError.js';
import type { MemberStateChange } from './HighAvailabilityProxyOptions.js';
import type { MemberState, MemberStats, PoolMember } from './PoolMember.js';
import type { PoolMemberSpec } from './resolveMember.js';
import type { OutlierDetectionOptions, TrackedAttempt } from './StallDetector.js';
import { StallDetector } from './StallDetector.js';

/** What a {@link MemberSet} needs from its pool. */
export interface MemberSetOptions {
  readonly ejection: EjectionPolicyLike;
  /** Chooses the member for each attempt. */
  readonly balancer: Balancer;
  /** When a member that holds calls without answering is checked and ejected. */
  readonly outlierDetection: OutlierDetectionOptions;
  readonly backoff: BackoffPolicy;
  /** The method a probe calls. */
  readonly probeMethod: string;
  /** Time allowed for a probe, in milliseconds. */
  readonly probeTimeoutMs: number;
  readonly logger: Logger;
  /** The pool's service name, for log lines (it may change as members come and go). */
  readonly serviceName: () => string;
  /** Reports a state change (the pool's `stateChange` event). */
  readonly onStateChange: (change: MemberStateChange) => void;
  /** A member that answered again (a probe): its pending idempotency discovery may run. */
  readonly onRevived: (member: PoolMember) => void;
}

/**
 * The members of a pool and their health: selection of healthy members by
 * the pool's balancer, ejection after transport failures or a stall, probes
 * after a jittered, growing delay, and every state change logged (with
 * structured fields) and reported. The pool's call path asks it for members
 * and tells it outcomes.
 */
export class MemberSet {
  readonly #members: PoolMember[] = [];
  readonly #options: MemberSetOptions;
  readonly #stalls: StallDetector;
  #closed = false;

  public constructor(options: MemberSetOptions) {
    this.#options = options;
    this.#stalls = new StallDetector(options.outlierDetection, {
      answers: (member, timeoutMs) =>
        this.#answers(member, timeoutMs).then((failure) => failure === undefined),
      eject: (member, reason) => {
        if (member.state !== 'healthy' || !this.#mayEjectAnother()) return false;
        this.#eject(member, reason);
        return true;
      },
    });
  }

  /** Every member, in rotation order. */
  public get list(): readonly PoolMember[] {
    return this.#members;
  }

  /** True while at least one member is in rotation. */
  public anyHealthy(): boolean {
    return this.#members.some((m) => m.state === 'healthy');
  }

  /** The members' counters and states, in rotation order. */
  public stats(): MemberStats[] {
    return this.#members.map((member) => member.stats());
  }

  /** Each member's state, for `NoAvailableMemberError`. */
  public reports(): MemberStateReport[] {
    return this.#members.map((m) => m.report());
  }

  /** The member that was added as `spec` (or whose description is `spec`), if any. */
  public find(spec: PoolMemberSpec): PoolMember | undefined {
    return this.#members.find((m) => isMember(m, spec));
  }

  /** Puts a member in rotation. */
  public add(member: PoolMember): void {
    this.#members.push(member);
  }

  /**
   * Takes a member out of rotation (by what was passed to `add`, or its
   * description); its client is closed once its calls finish. Returns the
   * member, or undefined when there is none.
   */
  public remove(spec: PoolMemberSpec): PoolMember | undefined {
    const index = this.#members.findIndex((m) => isMember(m, spec));
    const member = this.#members[index];
    if (member === undefined) return undefined;
    this.#members.splice(index, 1);
    this.#stalls.forget(member);
    clearTimeout(member.probeTimer);
    this.#setState(member, 'removed', 'removed from the pool');
    this.closeWhenIdle(member);
    return member;
  }

  /** The healthy member the balancer chooses among those this call has not tried; undefined when none is left. */
  public pick(tried: ReadonlySet<PoolMember> | undefined): PoolMember | undefined {
    const candidates = this.#members.filter((m) => m.state === 'healthy' && tried?.has(m) !== true);
    if (candidates.length === 0) return undefined;
    return candidates.length === 1 ? candidates[0] : this.#options.balancer.pick(candidates);
  }

  /** Whether a healthy member this call has not tried is left (without choosing one). */
  public canPick(tried: ReadonlySet<PoolMember> | undefined): boolean {
    return this.#members.some((m) => m.state === 'healthy' && tried?.has(m) !== true);
  }

  /** Watches an attempt for a stall; the returned function ends the watch. */
  public track(member: PoolMember, attempt: TrackedAttempt): () => void {
    return this.#stalls.track(member, attempt);
  }

  /** The signal that aborts when `member` is ejected for stalling (undefined when detection is off). */
  public giveUpSignal(member: PoolMember): AbortSignal | undefined {
    return this.#stalls.giveUpSignal(member);
  }

  /** Books a transport failure; the ejection policy may take the member out of rotation. */
  public recordFailure(member: PoolMember, error: TransportError): void {
    member.failures += 1;
    member.consecutiveFailures += 1;
    if (member.state !== 'healthy') return;
    const view = {
      total: this.#members.length,
      ejected: this.#members.filter((m) => m.state !== 'healthy').length,
    };
    if (this.#options.ejection.shouldEject(member, error, view)) {
      const reason =
        error.outcome === 'not-executed' && member.consecutiveFailures === 1
          ? `unreachable (${error.message})`
          : `${member.consecutiveFailures} transport failures in a row (last: ${error.message})`;
      this.#eject(member, reason);
    }
  }

  /** Closes the client the pool made for a member once no call is on it. */
  public closeWhenIdle(member: PoolMember): void {
    if (member.owned && member.inFlight === 0) void member.invoker.close();
  }

  /** Stops probing and closes the clients the pool made from URLs. */
  public async close(): Promise<void> {
    this.#closed = true;
    this.#stalls.close();
    const owned: Promise<void>[] = [];
    for (const member of this.#members) {
      clearTimeout(member.probeTimer);
      if (member.owned) owned.push(member.invoker.close());
    }
    await Promise.all(owned);
  }

  #eject(member: PoolMember, reason: string): void {
    member.ejections += 1;
    member.probeAttempts = 0;
    this.#setState(member, 'ejected', reason);
    this.#scheduleProbe(member);
  }

  #scheduleProbe(member: PoolMember): void {
    if (this.#closed) return;
    const delay = this.#options.backoff.delay(member.probeAttempts);
    // Probes are the pool's own work, not the call that happened to eject the member (its deadline).
    member.probeTimer = outsideCall(() => setTimeout(() => void this.#probe(member), delay));
    // A pending probe must not keep a finished program alive.
    member.probeTimer.unref();
  }

  async #probe(member: PoolMember): Promise<void> {
    if (this.#closed || member.state !== 'ejected') return;
    this.#setState(member, 'probing', `probe ${member.probeAttempts + 1}`);
    member.probes += 1;
    const failure = await this.#answers(member, this.#options.probeTimeoutMs);
    const detail = failure === undefined ? 'probe answered' : `probe failed: ${failure.message}`;
    // Removed, or the pool closed, while the probe was out: leave it be.
    if (!this.#stillProbing(member)) return;
    if (failure === undefined) {
      member.consecutiveFailures = 0;
      member.probeAttempts = 0;
      this.#setState(member, 'healthy', detail);
      this.#options.onRevived(member);
    } else {
      member.probeAttempts += 1;
      this.#setState(member, 'ejected', detail);
      this.#scheduleProbe(member);
    }
  }

  /** Calls the probe method on `member`: undefined when it answered, else the transport error. */
  async #answers(member: PoolMember, timeoutMs: number): Promise<TransportError | undefined> {
    try {
      await member.invoker.invoke(this.#options.probeMethod, [], { timeoutMs });
      return undefined;
    } catch (error) {
      // A fault (introspection off, say) is still an answer from a live member.
      return error instanceof TransportError ? error : undefined;
    }
  }

  /** Whether one more member may be ejected for its behaviour (the policy's share cap, never the last). */
  #mayEjectAnother(): boolean {
    const view = {
      total: this.#members.length,
      ejected: this.#members.filter((m) => m.state !== 'healthy').length,
    };
    const policy = this.#options.ejection;
    return policy.mayEjectAnother?.(view) ?? view.ejected + 1 < view.total;
  }

  #stillProbing(member: PoolMember): boolean {
    return !this.#closed && member.state === 'probing';
  }

  #setState(member: PoolMember, to: MemberState, reason: string): void {
    const from = member.state;
    if (from === to) return;
    member.state = to;
    const service = this.#options.serviceName();
    const change: MemberStateChange = { member: member.description, from, to, reason };
    const level = to === 'ejected' || to === 'removed' ? 'warn' : 'info';
    // The fields let a log pipeline filter on service, member and state without parsing the text.
    this.#options.logger[level](`pool ${service}: member ${member.description} ${from} -> ${to}: ${reason}`, {
      service,
      ...change,
    });
    this.#options.onStateChange(change);
  }
}

/** Whether `member` is the one added as `spec`, or the one `spec` (a description) names. */
function isMember(member: PoolMember, spec: PoolMemberSpec): boolean {
  return (
    member.source === spec ||
    member.invoker === spec ||
    (typeof spec === 'string' && member.description === spec)
  );
}
