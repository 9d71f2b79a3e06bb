import { join } from 'node:path';

import { ApplicationContext, ClassRegistry } from '../../src/index.js';
import { freePort } from '../helpers/ports.js';
import { Calculator } from './Calculator.js';

/** Where the kit's context files live (the sources, next to this file's .ts). */
export const contexts = join(import.meta.dirname, '..', '..', '..', 'test', 'transparency', 'contexts');

/** The class names the kit's context files use. */
export const kitClasses = new ClassRegistry().registerClass('Calculator', Calculator);

/**
 * One way to wire the id `calculator`: the behaviour suite runs once per
 * mode and must pass unchanged. Each mode is context files plus settings,
 * nothing else.
 */
export interface TransparencyMode {
  readonly name: string;
  /** Loads the context; the suite gets `calculator` from it and closes it afterwards. */
  load(): Promise<ApplicationContext>;
}

/**
 * The modes. A pool mode is one more entry: context files whose `calculator`
 * is a HighAvailabilityProxy over exporters on free ports.
 */
export const modes: TransparencyMode[] = [
  {
    name: 'a local object',
    load: () => ApplicationContext.load([join(contexts, 'local.xml')], { classes: kitClasses }),
  },
  {
    name: 'an exporter and a proxy on loopback',
    load: async () =>
      ApplicationContext.load([join(contexts, 'remote.xml')], {
        classes: kitClasses,
        settings: { PORT: String(await freePort()) },
      }),
  },
  {
    name: 'a high-availability pool of three exporters',
    load: async () =>
      ApplicationContext.load([join(contexts, 'pool.xml')], {
        classes: kitClasses,
        settings: { PORT: String(await freePort()) },
      }),
  },
];
