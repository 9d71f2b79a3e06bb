/**
 * The demo's timeline: calls in a loop, a replica killed after a few seconds,
 * the pool's view of it, and a verdict at the end.
 */
import { SpindleError } from 'spindle';
import type { HighAvailabilityProxy, MemberStateChange } from 'spindle';

import type { Cluster } from './Cluster.js';
import type { Narrator } from './Narrator.js';

/** What the client needs of the service. */
export interface DemoService {
  getData(param: string): Promise<string>;
  whoAmI(): Promise<string>;
}

/** How the story goes. */
export interface StoryOptions {
  /** Pause between two calls, in milliseconds. */
  readonly intervalMs: number;
  /** The replica that is killed. */
  readonly victim: number;
  /** The port of replica 0 (replica i serves on basePort + i). */
  readonly basePort: number;
  /** Calls before the kill, in milliseconds. @default 4000 */
  readonly killAfterMs?: number;
  /** Calls after the victim is back, in milliseconds. @default 5000 */
  readonly afterReturnMs?: number;
  /** The longest the calls may go on when the victim never comes back, in milliseconds. @default 30000 */
  readonly limitMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the calls and tells what happens; {@link run} resolves true when the story held. */
export class Story {
  readonly #say: Narrator;
  readonly #cluster: Cluster;
  readonly #options: StoryOptions;
  readonly #answers = new Map<string, number>();
  #interrupted = false;
  #calls = 0;
  #failed = 0;
  #retried = 0;
  #killed: { at: number; pid: number } | undefined;
  #ejectedAt: number | undefined;
  #backAt: number | undefined;
  #answeredAfterBack: string | undefined;

  public constructor(say: Narrator, cluster: Cluster, options: StoryOptions) {
    this.#say = say;
    this.#cluster = cluster;
    this.#options = options;
  }

  /** Ends the loop after the call in flight (Ctrl-C). */
  public interrupt(): void {
    this.#interrupted = true;
  }

  /** Calls `service` until the story is told; watches `pool` for state changes. */
  public async run(service: DemoService, pool: HighAvailabilityProxy): Promise<boolean> {
    pool.on('stateChange', (change) => {
      this.#onStateChange(change);
    });
    const start = Date.now();
    const killAfter = this.#options.killAfterMs ?? 4000;
    const afterReturn = this.#options.afterReturnMs ?? 5000;
    while (!this.#interrupted) {
      const now = Date.now();
      if (now - start > (this.#options.limitMs ?? 30_000)) {
        this.#say.say('demo', 'the killed replica did not come back in time; giving up', 'bad');
        break;
      }
      if (
        this.#backAt !== undefined &&
        this.#answeredAfterBack !== undefined &&
        now - this.#backAt >= afterReturn
      )
        break;
      if (this.#killed === undefined && now - start >= killAfter) this.#kill();
      await this.#call(service, pool);
      await sleep(this.#options.intervalMs);
    }
    return this.#summary();
  }

  #kill(): void {
    const victim = this.#options.victim;
    const pid = this.#cluster.kill(victim);
    this.#killed = { at: Date.now(), pid };
    this.#say.say('demo', `killing replica ${String(victim)} (pid ${String(pid)}) with SIGKILL`, 'bad');
  }

  async #call(service: DemoService, pool: HighAvailabilityProxy): Promise<void> {
    this.#calls += 1;
    const n = this.#calls;
    const before = pool.stats();
    const started = performance.now();
    try {
      const who = await service.whoAmI();
      const ms = Math.round(performance.now() - started);
      const replica = /^replica \d+/.exec(who)?.[0] ?? who;
      this.#answers.set(replica, (this.#answers.get(replica) ?? 0) + 1);
      if (this.#backAt !== undefined && replica === `replica ${String(this.#options.victim)}`)
        this.#answeredAfterBack ??= who;
      const after = pool.stats();
      const failedOn = after
        .filter((member, i) => member.failures > (before[i]?.failures ?? 0))
        .map((member) => this.#name(member.description));
      const attempts =
        after.reduce((sum, m) => sum + m.calls, 0) - before.reduce((sum, m) => sum + m.calls, 0);
      const retry =
        attempts > 1 && failedOn.length > 0 ? `  (retried: ${failedOn.join(', ')} failed first)` : '';
      if (retry !== '') this.#retried += 1;
      this.#say.say(
        'client',
        `call ${String(n).padStart(2)} → ${who}  ${String(ms)} ms${retry}`,
        retry === '' ? 'plain' : 'good',
      );
    } catch (error) {
      this.#failed += 1;
      const message = SpindleError.is(error) ? `${error.code}: ${error.message}` : String(error);
      this.#say.say('client', `call ${String(n).padStart(2)} failed: ${message}`, 'bad');
    }
  }

  #onStateChange({ member, from, to, reason }: MemberStateChange): void {
    const name = this.#name(member);
    if (to === 'ejected' && from === 'healthy') {
      this.#ejectedAt ??= Date.now();
      this.#say.say('pool', `${name} ejected: ${reason}`, 'bad');
    } else if (to === 'ejected') {
      this.#say.say('pool', `${name} still down (${reason}); probing again later`, 'dim');
    } else if (to === 'healthy') {
      if (this.#ejectedAt !== undefined) this.#backAt ??= Date.now();
      this.#say.say('pool', `${name} re-admitted: ${reason}`, 'good');
    }
    // ejected -> probing is told by the probe's outcome, one line later.
  }

  /** `replica i` for a member URL on basePort + i. */
  #name(description: string): string {
    const port = Number(/:(\d+)\//.exec(description)?.[1]);
    return Number.isInteger(port) ? `replica ${String(port - this.#options.basePort)}` : description;
  }

  #summary(): boolean {
    const say = this.#say;
    const victim = `replica ${String(this.#options.victim)}`;
    const seconds = (at: number | undefined): string =>
      at === undefined || this.#killed === undefined
        ? '?'
        : `${((at - this.#killed.at) / 1000).toFixed(1)} s`;
    const spread = [...this.#answers.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([replica, count]) => `${replica} ×${String(count)}`)
      .join(', ');
    const held =
      !this.#interrupted &&
      this.#failed === 0 &&
      this.#killed !== undefined &&
      this.#ejectedAt !== undefined &&
      this.#backAt !== undefined &&
      this.#answeredAfterBack !== undefined;
    say.print();
    say.print('What happened:');
    say.print(
      `  ${String(this.#calls)} calls, ${String(this.#calls - this.#failed)} answered, ${String(this.#failed)} failed` +
        ` (${String(this.#retried)} moved to another replica: whoAmI is idempotent, so a lost call may be sent again)`,
      this.#failed === 0 ? 'good' : 'bad',
    );
    say.print(`  answers: ${spread}`);
    if (this.#killed !== undefined) {
      say.print(
        `  ${victim} (pid ${String(this.#killed.pid)}) killed; ejected after ${seconds(this.#ejectedAt)}, ` +
          `re-admitted after ${seconds(this.#backAt)}` +
          (this.#answeredAfterBack === undefined ? '' : `, answering again as ${this.#answeredAfterBack}`),
      );
    }
    say.print(
      held
        ? `  The story held: every call succeeded while ${victim} left the pool and came back.`
        : this.#interrupted
          ? '  Interrupted before the end of the story.'
          : '  The story did not hold (see above).',
      held ? 'good' : 'bad',
    );
    say.print();
    return held;
  }
}
