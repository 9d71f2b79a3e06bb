import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { SshOptions } from '../../src/index.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** The repository root (this file runs from dist/test/helpers). */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** Where Debian's openssh-server puts the daemon. */
export const SSHD_PATH = '/usr/sbin/sshd';

/** True when sshd and ssh are installed (`.ci/run` installs them). */
export function sshAvailable(): boolean {
  return existsSync(SSHD_PATH) && existsSync('/usr/bin/ssh') && existsSync('/usr/bin/ssh-keygen');
}

/**
 * The forced command that runs `spindle bridge` with `args`, by absolute
 * paths (sshd gives the command a minimal PATH).
 */
export function bridgeCommand(...args: readonly string[]): string {
  return [process.execPath, join(repoRoot, 'bin', 'spindle.js'), 'bridge', ...args].map(quote).join(' ');
}

/** Single-quotes a word for `sh -c` unless it is plainly safe. */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A key pair made with ssh-keygen. */
export interface KeyPair {
  readonly privateKey: string;
  /** The `.pub` line: `ssh-ed25519 AAAA… comment`. */
  readonly publicKey: string;
}

/** Makes an ed25519 key pair without a passphrase at `path` (and `path.pub`). */
export async function makeKeyPair(path: string): Promise<KeyPair> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'spindle-test', '-f', path]);
  return { privateKey: path, publicKey: (await readFile(`${path}.pub`, 'utf8')).trim() };
}

/** Resolves once something on the port sends an SSH banner, within `timeoutMs`. */
async function waitForBanner(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 100 && Date.now() < deadline; attempt += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(1000);
      socket.once('data', (chunk) => {
        socket.destroy();
        resolve(chunk.toString('latin1').startsWith('SSH-2.0'));
      });
      socket.once('error', () => {
        resolve(false);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * A real OpenSSH server on a free loopback port, for tests: a host key made
 * now, a client key pair in `authorized_keys` whose forced command (with
 * `restrict`) the test sets, and a known_hosts file for the client. It runs
 * in the foreground (`-D -e`) with everything in a temporary directory and is
 * killed by `stop()`.
 */
export class TestSshd {
  /** The login name: the user running the tests (root in CI). */
  public readonly user = userInfo().username;
  private logText = '';

  private constructor(
    public readonly dir: string,
    public readonly port: number,
    public readonly client: KeyPair,
    public readonly hostKey: KeyPair,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (this.logText.length < 200_000) this.logText += chunk;
    });
  }

  /** Starts sshd with `forcedCommand` for the client key. */
  public static async start(forcedCommand: string): Promise<TestSshd> {
    // sshd refuses to start without its privilege-separation directory.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const dir = await mkdtemp(join(tmpdir(), 'spindle-sshd-'));
    const hostKey = await makeKeyPair(join(dir, 'host_ed25519'));
    const client = await makeKeyPair(join(dir, 'client_ed25519'));
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const port = await freePort();
      const config = [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_ed25519')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        `AllowUsers ${userInfo().username}`,
        'MaxSessions 20',
        'MaxStartups 50',
        'LogLevel VERBOSE',
      ].join('\n');
      await writeFile(join(dir, 'sshd_config'), `${config}\n`);
      const child = spawn(SSHD_PATH, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
      });
      const sshd = new TestSshd(dir, port, client, hostKey, child, exited);
      await sshd.setForcedCommand(forcedCommand);
      await writeFile(sshd.knownHostsFile, `${sshd.knownHostsLine(hostKey.publicKey)}\n`);
      if (await waitForBanner(port, 5000)) return sshd;
      lastError = sshd.log();
      await sshd.stop({ keepDir: true });
    }
    await rm(dir, { recursive: true, force: true });
    throw new Error(`sshd did not start: ${lastError}`);
  }

  /** The client's known_hosts, holding the right host key. */
  public get knownHostsFile(): string {
    return join(this.dir, 'known_hosts');
  }

  /** A known_hosts line for this server's `[127.0.0.1]:port` and `publicKey`. */
  public knownHostsLine(publicKey: string): string {
    const [type, key] = publicKey.split(' ');
    return `[127.0.0.1]:${this.port} ${type ?? ''} ${key ?? ''}`;
  }

  /** Replaces the client key's forced command (sshd reads authorized_keys at each login). */
  public async setForcedCommand(command: string): Promise<void> {
    const escaped = command.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    await writeFile(
      join(this.dir, 'authorized_keys'),
      `command="${escaped}",restrict ${this.client.publicKey}\n`,
    );
  }

  /** `ssh://user@127.0.0.1:port/path`. */
  public url(path = '/'): string {
    return `ssh://${this.user}@127.0.0.1:${this.port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Client settings that reach this server, independent of `~/.ssh`. */
  public sshOptions(overrides: SshOptions = {}): SshOptions {
    return {
      identityFile: this.client.privateKey,
      knownHostsFile: this.knownHostsFile,
      configFile: 'none',
      ...overrides,
    };
  }

  /** What sshd logged so far (for failure messages). */
  public log(): string {
    return this.logText;
  }

  /** Stops sshd and removes its directory; safe to call twice. */
  public async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
    if (options.keepDir !== true) await rm(this.dir, { recursive: true, force: true });
  }
}
