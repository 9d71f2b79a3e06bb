/**
 * A throwaway "PlanetLab node" on this machine, for the demo: the Node
 * Manager served on loopback by `spindle run server.xml`, and OpenSSH's sshd
 * on a free loopback port with a fresh host key and a fresh controller key
 * whose forced command is `spindle bridge http://127.0.0.1:<port>/NodeManager`,
 * which is what a node's authorized_keys would hold. Needs openssh-server
 * (`/usr/sbin/sshd`) and is meant to run as root (as in CI).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname;
const spindle = join(here, '..', '..', 'bin', 'spindle.js');

/** A running node: the NM_* settings client.xml and pipe.ts read, and `stop()`. */
export interface LocalNode {
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

function keyPair(path: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** Starts sshd for the Node Manager; always `stop()` it. */
export async function startLocalNode(): Promise<LocalNode> {
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
  const dir = mkdtempSync(join(tmpdir(), 'planetlab-node-'));
  const hostKey = keyPair(join(dir, 'host_key'));
  const controllerKey = keyPair(join(dir, 'controller_key'));
  const nmPort = await freePort();
  const nm = spawn(
    process.execPath,
    [spindle, 'run', join(here, 'server.xml'), '--set', `NM_LOCAL_PORT=${nmPort}`, '--log-level', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const nmExited = new Promise((resolve) => nm.once('exit', resolve));
  try {
    await waitForPort(nmPort);
  } catch (error) {
    nm.kill('SIGKILL');
    throw error;
  }
  const port = await freePort();
  const forced = `${process.execPath} ${spindle} bridge http://127.0.0.1:${nmPort}/NodeManager`;
  writeFileSync(join(dir, 'authorized_keys'), `command="${forced}",restrict ${controllerKey}\n`);
  writeFileSync(
    join(dir, 'known_hosts'),
    `[127.0.0.1]:${port} ${hostKey.split(' ').slice(0, 2).join(' ')}\n`,
  );
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'PermitRootLogin prohibit-password',
    ].join('\n') + '\n',
  );
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => sshd.once('exit', resolve));
  try {
    await waitForPort(port);
  } catch (error) {
    sshd.kill('SIGKILL');
    nm.kill('SIGKILL');
    throw error;
  }
  return {
    env: {
      NM_HOST: '127.0.0.1',
      NM_PORT: String(port),
      NM_USER: userInfo().username,
      NM_IDENTITY: join(dir, 'controller_key'),
      NM_KNOWN_HOSTS: join(dir, 'known_hosts'),
    },
    stop: async () => {
      sshd.kill('SIGTERM');
      nm.kill('SIGTERM');
      await Promise.all([exited, nmExited]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
