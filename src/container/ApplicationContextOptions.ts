import type { Container } from 'inversify';

import type { Logger } from '../common/index.js';
import type { ContextDefinition } from '../definitions/index.js';
import type { ClassRegistry } from './ClassRegistry.js';

/** What a context reader accepts: the options of `readContext` in `src/config`. */
export interface ContextReadOptions {
  /** Profile sections to activate. @default [] */
  readonly profiles?: readonly string[];
  /** Values for `${NAME}` placeholders, before the environment; also read by built-ins (`replica`). @default {} */
  readonly settings?: Readonly<Record<string, string>>;
  /** The environment for placeholders. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the wiring is logged (debug: definitions read, overrides, objects created). @default silentLogger */
  readonly logger?: Logger;
}

/** Reads context files into definitions (the composition root plugs in `readContext`). */
export type ContextReader = (
  files: readonly string[],
  options: ContextReadOptions,
) => Promise<ContextDefinition>;

/** Options of {@link ApplicationContext.load} and {@link ApplicationContext.fromDefinition}. */
export interface ApplicationContextOptions extends ContextReadOptions {
  /** Extra class names for `class="…"`, on top of the built-ins. @default the built-ins only */
  readonly classes?: ClassRegistry;
  /** A container holding code-first bindings; file definitions are added to it. @default a new Container */
  readonly container?: Container;
  /** Reads the files. @default the XML/YAML reader registered by the composition root */
  readonly reader?: ContextReader;
}
