import type { LogFields, Logger } from '../../src/common/Logger.js';

/** One call on a {@link RecordingLogger}. */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: LogFields;
}

/** A logger that keeps every call, so tests can check what was logged (and what never is). */
export class RecordingLogger implements Logger {
  public readonly records: LogRecord[] = [];

  public debug(message: string, fields?: LogFields): void {
    this.record('debug', message, fields);
  }

  public info(message: string, fields?: LogFields): void {
    this.record('info', message, fields);
  }

  public warn(message: string, fields?: LogFields): void {
    this.record('warn', message, fields);
  }

  public error(message: string, fields?: LogFields): void {
    this.record('error', message, fields);
  }

  /** Every record as one line: `level message {fields as JSON}`. */
  public get lines(): string[] {
    return this.records.map(
      ({ level, message, fields }) => `${level} ${message} ${JSON.stringify(fields ?? {})}`,
    );
  }

  /** The messages logged at `level`, in order. */
  public messages(level: LogRecord['level']): string[] {
    return this.records.filter((record) => record.level === level).map((record) => record.message);
  }

  private record(level: LogRecord['level'], message: string, fields: LogFields | undefined): void {
    this.records.push(fields === undefined ? { level, message } : { level, message, fields });
  }
}
