import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

import type { LogLevel } from '../common/index.js';
import { LOG_LEVELS } from '../common/index.js';

/** What `run` and `check` share: files, profiles, settings, log level. */
export interface ContextArguments {
  readonly files: readonly string[];
  readonly profiles: readonly string[];
  readonly settings: Readonly<Record<string, string>>;
  readonly logLevel: LogLevel;
  /** Every parsed option, for a command's own extra options. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** The options text both commands print in `--help`. */
export const CONTEXT_OPTIONS_USAGE = `Options:
  --profile P        activate profile P (repeatable)
  --set key=value    a setting for \${key} placeholders, before the environment (repeatable)
  --log-level L      debug, info, warn, error or silent (default: info)
`;

/** A mistake on the command line (exit code 2). */
export class ContextUsageError extends Error {}

/**
 * Parses `<context>... [--profile P]... [--set key=value]... [--log-level L]`
 * with `node:util` parseArgs; `extra` adds a command's own options.
 */
export function parseContextArguments(
  argv: readonly string[],
  extra: NonNullable<ParseArgsConfig['options']> = {},
): ContextArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        profile: { type: 'string', multiple: true },
        set: { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        ...extra,
      },
    });
  } catch (error) {
    throw new ContextUsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, unknown>;
  const settings: Record<string, string> = {};
  for (const pair of (values['set'] as string[] | undefined) ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new ContextUsageError(`--set expects key=value, got '${pair}'`);
    settings[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const level = (values['log-level'] as string | undefined) ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ContextUsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${level}'`);
  }
  if (parsed.positionals.length === 0) throw new ContextUsageError('expected at least one context file');
  return {
    files: parsed.positionals,
    profiles: (values['profile'] as string[] | undefined) ?? [],
    settings,
    logLevel: level as LogLevel,
    values,
  };
}
