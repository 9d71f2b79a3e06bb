import type { LogFields, Logger, LogLevel } from '../common/Logger.js';

const rank: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** The levels `--log-level` accepts. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function formatFields(fields: LogFields | undefined): string {
  if (fields === undefined) return '';
  const parts = Object.entries(fields).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * A small logger for `spindle run`: one line per event on `stream` (stderr),
 * `time LEVEL message (fields)`, dropping lines below `level`.
 */
export function levelLogger(stream: NodeJS.WritableStream, level: LogLevel): Logger {
  const line =
    (lineLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: LogFields): void => {
      if (rank[lineLevel] < rank[level]) return;
      stream.write(
        `${new Date().toISOString()} ${lineLevel.toUpperCase()} ${message}${formatFields(fields)}\n`,
      );
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
