/**
 * A real DNS server for tests: Debian's dnsmasq on 127.0.0.1 and a free
 * port, authoritative for `spindle.test` and any zone asked for (a name it
 * does not hold is NXDOMAIN, never forwarded). Address records come from a hosts file that
 * dnsmasq rereads on SIGHUP; SRV records are configuration, so changing them
 * restarts dnsmasq on the same port. It can be stopped and started again (a
 * DNS outage), and `dispose()` stops it and removes its files.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './ports.js';

/** Where Debian installs dnsmasq (`.ci/run` installs the package). */
export const DNSMASQ = '/usr/sbin/dnsmasq';

/** The zone the server answers for. */
export const ZONE = 'spindle.test';

/** A name the server always holds, to tell that it answers. */
const PROBE_NAME = `dnsmasq.${ZONE}`;

/** One SRV record: `name` → `target:port`, with its priority and weight. */
export interface SrvRecord {
  readonly name: string;
  readonly target: string;
  readonly port: number;
  readonly priority?: number;
  readonly weight?: number;
}

/** What the server holds: address records (`[address, name]`) and SRV records. */
export interface DnsRecords {
  readonly hosts?: readonly (readonly [address: string, name: string])[];
  readonly srv?: readonly SrvRecord[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One dnsmasq process serving {@link ZONE} on 127.0.0.1. */
export class DnsmasqServer {
  readonly #dir: string;
  readonly #ttlSeconds: number;
  readonly #zones: readonly string[];
  #port = 0;
  #records: DnsRecords;
  #child: ChildProcess | undefined;
  #output: string[] = [];

  private constructor(dir: string, records: DnsRecords, ttlSeconds: number, zones: readonly string[]) {
    this.#dir = dir;
    this.#records = records;
    this.#ttlSeconds = ttlSeconds;
    this.#zones = zones;
  }

  /**
   * Starts dnsmasq on a free port with `records`, every answer carrying
   * `ttlSeconds` as its TTL, authoritative for {@link ZONE} and `otherZones`
   * (`cluster.local` for a Kubernetes-like name); resolves once it answers.
   */
  public static async start(
    records: DnsRecords,
    ttlSeconds = 1,
    otherZones: readonly string[] = [],
  ): Promise<DnsmasqServer> {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-dnsmasq-'));
    const server = new DnsmasqServer(dir, records, ttlSeconds, [ZONE, ...otherZones]);
    // freePort checks TCP only; dnsmasq wants the UDP port too, so another port is tried when it is taken.
    for (let attempt = 1; ; attempt++) {
      server.#port = await freePort();
      try {
        await server.restart();
        return server;
      } catch (error) {
        if (attempt >= 5) {
          await server.dispose();
          throw error;
        }
      }
    }
  }

  /** The server as `servers` wants it: `127.0.0.1:<port>`. */
  public get address(): string {
    return `127.0.0.1:${String(this.#port)}`;
  }

  /** Whether the process runs. */
  public get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Replaces the address records; dnsmasq rereads them on SIGHUP (no restart, same process). */
  public async setHosts(hosts: NonNullable<DnsRecords['hosts']>): Promise<void> {
    this.#records = { ...this.#records, hosts };
    this.#writeFiles();
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const reads = this.#countReads();
    child.kill('SIGHUP');
    const until = Date.now() + 10_000;
    while (this.#countReads() === reads) {
      if (Date.now() > until) throw new Error(`dnsmasq did not reread its hosts: ${this.#output.join('')}`);
      await sleep(20);
    }
  }

  /** Replaces the SRV records: dnsmasq reads them only at start, so it is restarted on the same port. */
  public async setSrv(srv: NonNullable<DnsRecords['srv']>): Promise<void> {
    this.#records = { ...this.#records, srv };
    await this.stop();
    await this.restart();
  }

  /** Starts dnsmasq (again) on the same port with the current records; resolves once it answers. */
  public async restart(): Promise<void> {
    if (this.running) return;
    this.#writeFiles();
    this.#output = [];
    const child = spawn(DNSMASQ, ['--no-daemon', `--conf-file=${join(this.#dir, 'dnsmasq.conf')}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child = child;
    child.stderr.on('data', (chunk: Buffer) => {
      this.#output.push(chunk.toString());
    });
    const resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([this.address]);
    const until = Date.now() + 15_000;
    for (let attempt = 0; attempt < 300 && Date.now() < until; attempt++) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`dnsmasq exited: ${this.#output.join('')}`);
      const answered = await resolver.resolve4(PROBE_NAME).then(
        () => true,
        () => false,
      );
      if (answered) return;
      await sleep(50);
    }
    await this.stop();
    throw new Error(`dnsmasq did not answer within 15 s: ${this.#output.join('')}`);
  }

  /** Stops dnsmasq (SIGTERM, SIGKILL after 5 s) and waits for it to exit; the port stays this server's. */
  public async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }

  /** Stops dnsmasq and removes its files. */
  public async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #countReads(): number {
    return this.#output.join('').split(`read ${join(this.#dir, 'hosts')}`).length - 1;
  }

  #writeFiles(): void {
    const hosts = [['127.0.0.1', PROBE_NAME] as const, ...(this.#records.hosts ?? [])];
    writeFileSync(join(this.#dir, 'hosts'), hosts.map(([address, name]) => `${address} ${name}\n`).join(''));
    const srv = (this.#records.srv ?? []).map(
      (record) =>
        `srv-host=${record.name},${record.target},${String(record.port)},${String(record.priority ?? 0)},${String(record.weight ?? 10)}`,
    );
    const conf = [
      `port=${String(this.#port)}`,
      'listen-address=127.0.0.1',
      'bind-interfaces',
      'no-resolv',
      'no-hosts',
      'no-poll',
      ...this.#zones.map((zone) => `local=/${zone}/`),
      `addn-hosts=${join(this.#dir, 'hosts')}`,
      `local-ttl=${String(this.#ttlSeconds)}`,
      'pid-file=',
      // No privilege drop: the test's user runs it, and must be able to signal it.
      'user=',
      ...srv,
    ];
    writeFileSync(join(this.#dir, 'dnsmasq.conf'), `${conf.join('\n')}\n`);
  }
}
