import { pino } from 'pino';

import type { LogFields, Logger, LogLevel } from '../common/index.js';
import { prettyLogLine } from './prettyLogLine.js';
import { redactSecrets, redactText } from './redactSecrets.js';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Where lines go (the CLI passes stderr). */
  readonly stream: NodeJS.WritableStream;
  /** Lowest level written. @default "info" */
  readonly level?: LogLevel;
  /**
   * `json`: one JSON object per line (for log shippers); `pretty`: one
   * readable line per event, coloured on a terminal. @default "pretty" when `stream` is a TTY, else "json"
   */
  readonly format?: 'json' | 'pretty';
  /** Colour the pretty form. @default true when `stream` is a TTY and `NO_COLOR` is unset */
  readonly color?: boolean;
}

/** A {@link Logger} whose level can be asked, so callers can skip building costly fields. */
export interface LevelLogger extends Logger {
  /** True when lines at `level` are written. */
  isEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/**
 * The CLI's logger: pino underneath (structured, levelled, fast), behind
 * Spindle's small `Logger` contract. Every message and field passes through
 * {@link redactSecrets} first, so passwords, keys, `Authorization` values and
 * URL userinfo never reach a log line, whoever wrote the call.
 *
 * @example
 * const logger = createLogger({ stream: process.stderr, level: 'debug' });
 * logger.info('listening', { url: 'http://127.0.0.1:7000/' });
 */
export function createLogger(options: CreateLoggerOptions): LevelLogger {
  const { stream } = options;
  const format = options.format ?? (isTty(stream) ? 'pretty' : 'json');
  const noColor = process.env['NO_COLOR'];
  const color = options.color ?? (isTty(stream) && (noColor === undefined || noColor === ''));
  const destination =
    format === 'pretty'
      ? {
          write(line: string): void {
            stream.write(prettyLogLine(line, color));
          },
        }
      : {
          write(line: string): void {
            stream.write(line);
          },
        };
  const base = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const line =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: LogFields): void => {
      if (!base.isLevelEnabled(level)) return;
      const safeMessage = redactText(message);
      if (fields === undefined) base[level](safeMessage);
      else base[level](redactSecrets(fields) as object, safeMessage);
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    isEnabled: (level) => base.isLevelEnabled(level),
  };
}
