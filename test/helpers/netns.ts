/**
 * Network namespaces for multi-host tests: each "host" is a Linux network
 * namespace with its own address on a private bridge in the root namespace,
 * where the test process (the client) runs. Faults are iptables rules inside a
 * host's namespace, so they vanish with it. Every name starts with a prefix
 * unique to this process; `dispose()` removes everything, and an exit hook
 * does it too when a run is cut short.
 *
 * Needs root (CAP_NET_ADMIN), `ip` (iproute2) and `iptables`. Tests skip
 * only where namespaces cannot be made ({@link netnsSupport} says why); a
 * missing `iptables` is a setup error (`NetLab.create` throws).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** 1 when bridged frames pass through iptables (the br_netfilter module). */
const BRIDGE_NF = '/proc/sys/net/bridge/bridge-nf-call-iptables';

/** Runs a command to the end; throws with its stderr when it fails. */
function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, [...args], { encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${String(result.status)}): ${result.stderr || String(result.error)}`,
    );
  }
  return result.stdout;
}

/** Runs a command, ignoring failure (cleanup of what may already be gone). */
function tryRun(command: string, args: readonly string[]): void {
  spawnSync(command, [...args], { stdio: 'ignore', timeout: 10_000 });
}

/**
 * Whether this machine lets us make network namespaces and veth pairs:
 * `undefined` when it does, else the reason to skip (tried, not guessed).
 */
export function netnsSupport(): string | undefined {
  const name = `spnchk${String(process.pid % 100_000)}`;
  const added = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (added.error !== undefined) return `no 'ip' command (iproute2): ${added.error.message}`;
  if (added.status !== 0) return `'ip netns add' failed: ${added.stderr.trim()}`;
  try {
    const veth = spawnSync('ip', ['link', 'add', `${name}a`, 'type', 'veth', 'peer', 'name', `${name}b`], {
      encoding: 'utf8',
    });
    if (veth.status !== 0) return `'ip link add … type veth' failed: ${veth.stderr.trim()}`;
    tryRun('ip', ['link', 'del', `${name}a`]);
    return undefined;
  } finally {
    tryRun('ip', ['netns', 'del', name]);
  }
}

/** One simulated host: a namespace with one address on the lab's bridge. */
export interface NetHost {
  /** Its name in the lab, e.g. `etcd0`. */
  readonly name: string;
  /** The namespace's name (`ip netns exec <namespace>`). */
  readonly namespace: string;
  /** Its IPv4 address, reachable from the root namespace and from every other host. */
  readonly address: string;
  /** The interface inside the namespace that carries its traffic. */
  readonly device: string;
}

const labs = new Set<NetLab>();
process.once('exit', () => {
  for (const lab of labs) lab.disposeSync();
});
// Ctrl-C or a CI timeout: clean up, then die of the same signal as if nobody had listened.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const lab of labs) lab.disposeSync();
    process.kill(process.pid, signal);
  });
}

/**
 * A bridge with hosts on it. The root namespace holds `.1`; host `i` holds
 * `.(10 + i)` of a /24 chosen so that it clashes with no address already on
 * the machine.
 */
export class NetLab {
  public readonly hosts: NetHost[] = [];
  readonly #prefix: string;
  readonly #subnet: string;
  readonly #processes = new Set<ChildProcessWithoutNullStreams>();
  /** The root-namespace FORWARD rule added by `#allowBridging`, to delete on dispose. */
  #forwardRule: string[] | undefined;
  #disposed = false;

  private constructor(prefix: string, subnet: string) {
    this.#prefix = prefix;
    this.#subnet = subnet;
  }

  /** The bridge's address in the root namespace (where the test's client runs). */
  public get gateway(): string {
    return `${this.#subnet}.1`;
  }

  /** Makes the bridge and one namespace per name; disposes of what it made if a step fails. */
  public static create(names: readonly string[]): NetLab {
    // Names of at most 15 bytes (IFNAMSIZ): `sp` + 5 base-36 chars + a suffix of up to 4.
    const tag = ((process.pid * 7919 + Date.now()) % 36 ** 5).toString(36).padStart(5, '0');
    const used = run('ip', ['-4', '-o', 'addr', 'show']);
    let subnet = '';
    for (let i = 0; i < 200 && subnet === ''; i++) {
      const candidate = `10.${String(200 + ((process.pid + i) % 50))}.${String((process.pid * 31 + i * 17) % 250)}`;
      if (!used.includes(` ${candidate}.`)) subnet = candidate;
    }
    if (subnet === '') throw new Error('no free 10.x.y.0/24 for the lab');
    const lab = new NetLab(`sp${tag}`, subnet);
    labs.add(lab);
    try {
      run('ip', ['link', 'add', lab.#bridge, 'type', 'bridge']);
      run('ip', ['addr', 'add', `${lab.gateway}/24`, 'dev', lab.#bridge]);
      run('ip', ['link', 'set', lab.#bridge, 'up']);
      lab.#allowBridging();
      names.forEach((name, i) => {
        lab.#addHost(name, i);
      });
      // Faults need iptables: missing is a broken setup, not a reason to skip.
      const first = lab.hosts[0];
      if (
        first !== undefined &&
        spawnSync('ip', ['netns', 'exec', first.namespace, 'iptables', '-S']).status !== 0
      ) {
        throw new Error(
          'iptables does not run in a namespace: install the Debian package iptables (.ci/run does)',
        );
      }
    } catch (error) {
      lab.disposeSync();
      throw error;
    }
    return lab;
  }

  /** The host called `name`. */
  public host(name: string): NetHost {
    const host = this.hosts.find((h) => h.name === name);
    if (host === undefined) throw new Error(`no host ${name} in the lab`);
    return host;
  }

  /**
   * Starts `command` inside `host`'s namespace; the lab kills it (SIGKILL) on
   * dispose if it still runs.
   */
  public spawn(
    host: NetHost,
    command: string,
    args: readonly string[],
    env: Record<string, string> = {},
  ): ChildProcessWithoutNullStreams {
    const child = spawn('ip', ['netns', 'exec', host.namespace, command, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#processes.add(child);
    child.once('close', () => this.#processes.delete(child));
    return child;
  }

  /** Runs `iptables <args>` inside `host`'s namespace (the rule goes with the namespace). */
  public iptables(host: NetHost, args: readonly string[]): void {
    run('ip', ['netns', 'exec', host.namespace, 'iptables', ...args]);
  }

  /** Drops every packet in and out of `host` on the bridge (a partition, or a blackhole). */
  public isolate(host: NetHost, ports?: readonly number[]): void {
    for (const rule of isolationRules(host, ports)) this.iptables(host, ['-A', ...rule]);
  }

  /** Undoes `isolate` with the same arguments. */
  public heal(host: NetHost, ports?: readonly number[]): void {
    for (const rule of isolationRules(host, ports)) this.iptables(host, ['-D', ...rule]);
  }

  /** Kills what the lab started, deletes the namespaces, veths and bridge. Safe to call twice. */
  public dispose(): void {
    this.disposeSync();
  }

  /** `dispose`, synchronous, for the exit hook. */
  public disposeSync(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    labs.delete(this);
    for (const child of this.#processes) child.kill('SIGKILL');
    // Also whatever a process started in a namespace left behind (e.g. a grandchild).
    for (const host of this.hosts) {
      const pids = spawnSync('ip', ['netns', 'pids', host.namespace], { encoding: 'utf8' }).stdout;
      for (const pid of pids.split('\n').filter((p) => /^\d+$/.test(p))) tryRun('kill', ['-9', pid]);
    }
    for (const [i, host] of this.hosts.entries()) {
      tryRun('ip', ['netns', 'del', host.namespace]);
      // Deleting a namespace removes the peer only later: remove the host side now.
      tryRun('ip', ['link', 'del', `${this.#prefix}h${String(i)}`]);
    }
    tryRun('ip', ['link', 'del', this.#bridge]);
    if (this.#forwardRule !== undefined) tryRun('iptables', ['-D', ...this.#forwardRule]);
  }

  /** Names this lab made that still exist (empty after `dispose`), for the cleanup test. */
  public leftovers(): string[] {
    const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
    return [...namespaces.split('\n'), ...links.split('\n')]
      .map((line) => /(?:^|\d+: )(sp[0-9a-z]{5}\w*)/.exec(line)?.[1])
      .filter((name): name is string => name?.startsWith(this.#prefix) === true);
  }

  /**
   * Where bridged frames go through iptables (br_netfilter) and FORWARD drops by
   * default (as Docker sets it up), traffic between two hosts of the lab would be
   * dropped: accept what stays on the lab's bridge.
   */
  #allowBridging(): void {
    if (!existsSync(BRIDGE_NF) || readFileSync(BRIDGE_NF, 'utf8').trim() !== '1') return;
    if (run('iptables', ['-S', 'FORWARD']).includes('-P FORWARD ACCEPT')) return;
    const rule = ['FORWARD', '-i', this.#bridge, '-o', this.#bridge, '-j', 'ACCEPT'];
    run('iptables', ['-I', ...rule]);
    this.#forwardRule = rule;
  }

  get #bridge(): string {
    return `${this.#prefix}br`;
  }

  #addHost(name: string, i: number): void {
    const namespace = `${this.#prefix}n${String(i)}`;
    const outside = `${this.#prefix}h${String(i)}`;
    const inside = `${this.#prefix}p${String(i)}`;
    const address = `${this.#subnet}.${String(10 + i)}`;
    run('ip', ['netns', 'add', namespace]);
    this.hosts.push({ name, namespace, address, device: inside });
    run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
    run('ip', ['link', 'set', inside, 'netns', namespace]);
    run('ip', ['link', 'set', outside, 'master', this.#bridge, 'up']);
    run('ip', ['-n', namespace, 'addr', 'add', `${address}/24`, 'dev', inside]);
    run('ip', ['-n', namespace, 'link', 'set', inside, 'up']);
    run('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
  }
}

/** iptables rules (without -A/-D) that drop `host`'s bridge traffic, or only that on `ports`. */
function isolationRules(host: NetHost, ports?: readonly number[]): string[][] {
  if (ports === undefined) {
    return [
      ['INPUT', '-i', host.device, '-j', 'DROP'],
      ['OUTPUT', '-o', host.device, '-j', 'DROP'],
    ];
  }
  return ports.flatMap((port) => [
    ['INPUT', '-i', host.device, '-p', 'tcp', '--dport', String(port), '-j', 'DROP'],
    ['OUTPUT', '-o', host.device, '-p', 'tcp', '--sport', String(port), '-j', 'DROP'],
  ]);
}
