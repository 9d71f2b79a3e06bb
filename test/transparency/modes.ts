import { join } from 'node:path';

import { ApplicationContext, ClassRegistry } from '../../src/index.js';
import { freePort } from '../helpers/ports.js';
import { bridgeCommand, TestSshd } from '../helpers/sshd.js';
import { Calculator } from './Calculator.js';

/** Where the kit's context files live (the sources, next to this file's .ts). */
export const contexts = join(import.meta.dirname, '..', '..', '..', 'test', 'transparency', 'contexts');

/** The class names the kit's context files use. */
export const kitClasses = new ClassRegistry().registerClass('Calculator', Calculator);

/**
 * One way to wire the id `calculator`: the behaviour suite runs once per
 * mode and must pass unchanged. Each mode is context files plus settings,
 * nothing else (the ssh mode also starts a real sshd for them to reach).
 */
export interface TransparencyMode {
  readonly name: string;
  /** Whether calls go over the wire (and so meet the server's parameter-count check). */
  readonly remote: boolean;
  /** Loads the context; the suite gets `calculator` from it and closes it afterwards. */
  load(): Promise<ApplicationContext>;
  /** Stops what `load` started besides the context (a server process); after the context is closed. */
  unload?(): Promise<void>;
}

/** Loads the kit context `file` with `settings`. */
function loadKit(file: string, settings: Record<string, string> = {}): Promise<ApplicationContext> {
  return ApplicationContext.load([join(contexts, file)], { classes: kitClasses, settings });
}

/**
 * The ssh:// mode: the exporter listens on loopback, and the proxy reaches it
 * through a real sshd whose forced command is `spindle bridge <exporter url>`
 * (the Node Manager shape: one long-lived service behind ssh, so its state
 * lasts across calls as it does behind HTTP).
 */
function sshMode(): TransparencyMode {
  let sshd: TestSshd | undefined;
  return {
    name: 'a proxy over ssh:// to spindle bridge',
    remote: true,
    load: async () => {
      const port = String(await freePort());
      sshd = await TestSshd.start(bridgeCommand(`http://127.0.0.1:${port}/Calculator`));
      return loadKit('ssh.xml', {
        PORT: port,
        SSH_URL: sshd.url('/Calculator'),
        SSH_IDENTITY: sshd.client.privateKey,
        SSH_KNOWN_HOSTS: sshd.knownHostsFile,
      });
    },
    unload: async () => {
      await sshd?.stop();
    },
  };
}

/**
 * The modes. A pool mode is one more entry: context files whose `calculator`
 * is a HighAvailabilityProxy over exporters on free ports.
 */
export const modes: TransparencyMode[] = [
  { name: 'a local object', remote: false, load: () => loadKit('local.xml') },
  {
    name: 'an exporter and a proxy on loopback',
    remote: true,
    load: async () => loadKit('remote.xml', { PORT: String(await freePort()) }),
  },
  {
    name: 'a high-availability pool of three exporters',
    remote: true,
    load: async () => loadKit('pool.xml', { PORT: String(await freePort()) }),
  },
  sshMode(),
];
