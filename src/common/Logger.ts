/** Severity of a log line, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Every level, lowest first: what `--log-level` accepts. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Structured fields attached to a log line. Never put secrets here. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The small logging contract every Spindle part writes to. The CLI plugs a
 * real logger in; the library default writes nothing, so embedding Spindle
 * never prints unasked.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ignore = (): void => undefined;

/** A logger that drops everything: the default for library use. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
