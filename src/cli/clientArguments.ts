import type { Logger, LogLevel } from '../common/index.js';
import { LOG_LEVELS } from '../common/index.js';
import type { LevelLogger } from '../observability/index.js';
import type { XmlRpcClientOptions } from '../proxy/index.js';

/** The options `spindle call` and `spindle describe` share, as usage text. */
export const CLIENT_OPTIONS_USAGE = `Options:
  --json               one line of JSON on stdout (a fault too, as {"faultCode","faultString"})
  --timeout <ms>       time allowed for the call (default 30000)
  --header 'Name: v'   an extra HTTP header (repeatable)
  --ca <file>          trust this CA (PEM) for https:// URLs
  --cert <file>        client certificate (PEM), with --key
  --key <file>         client private key (PEM)
  --insecure           do not verify the server certificate (prints a warning)
  --proxy <url>        send http:// calls through this HTTP proxy
  --log-level <L>      debug, info, warn, error or silent: log the calls on stderr as spindle run
                       does (debug: every call with its request id, also sent as X-Request-Id);
                       without it only warnings are printed
  --log-format <F>     json or pretty log lines (default: pretty on a terminal, else json)
  --                   end of options (for arguments that start with --)
Basic auth goes in the URL: http://user:password@host:port/path (percent-encode special characters).
`;

/** What the shared option parser found. */
export interface ClientArguments {
  readonly positionals: readonly string[];
  readonly json: boolean;
  readonly options: XmlRpcClientOptions;
  /**
   * `spindle run`'s structured logger (also the one in `options`) when
   * `--log-level` or `--log-format` was given: the command logs each call to
   * it. Undefined otherwise, and `options` only prints warnings.
   */
  readonly callLogger: LevelLogger | undefined;
}

/** A usage problem: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** `--log-level`'s value, checked. */
function logLevelOf(text: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${text}'`);
  }
  return text as LogLevel;
}

/** `--log-format`'s value, checked. */
function logFormatOf(text: string): 'json' | 'pretty' {
  if (text !== 'json' && text !== 'pretty') {
    throw new UsageError(`--log-format must be json or pretty, got '${text}'`);
  }
  return text;
}

/**
 * Parses the shared options; every other word (and `-`, `-5`) is a
 * positional. Logs (warnings, and calls with `--log-level`) go to `stderr`.
 * Asynchronous because the structured logger (pino) is imported only when
 * `--log-level` or `--log-format` asks for it: a plain `spindle call` starts faster.
 */
export async function parseClientArguments(
  argv: readonly string[],
  stderr: NodeJS.WritableStream,
): Promise<ClientArguments> {
  const positionals: string[] = [];
  const headers: Record<string, string> = {};
  const tls: { ca?: string; cert?: string; key?: string; insecure?: boolean } = {};
  let json = false;
  let timeoutMs: number | undefined;
  let proxy: string | undefined;
  let logLevel: LogLevel | undefined;
  let logFormat: 'json' | 'pretty' | undefined;
  let index = 0;
  const value = (name: string): string => {
    const next = argv[index + 1];
    if (next === undefined) throw new UsageError(`${name} needs a value`);
    index += 1;
    return next;
  };
  for (; index < argv.length; index += 1) {
    const word = argv[index] ?? '';
    switch (word) {
      case '--':
        positionals.push(...argv.slice(index + 1));
        index = argv.length;
        break;
      case '--json':
        json = true;
        break;
      case '--timeout': {
        const text = value(word);
        timeoutMs = Number(text);
        if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
          throw new UsageError(`--timeout: not a positive number: ${text}`);
        break;
      }
      case '--header': {
        const text = value(word);
        const colon = text.indexOf(':');
        if (colon <= 0) throw new UsageError(`--header: expected 'Name: value', got ${JSON.stringify(text)}`);
        headers[text.slice(0, colon).trim()] = text.slice(colon + 1).trim();
        break;
      }
      case '--ca':
        tls.ca = value(word);
        break;
      case '--cert':
        tls.cert = value(word);
        break;
      case '--key':
        tls.key = value(word);
        break;
      case '--insecure':
        tls.insecure = true;
        break;
      case '--proxy':
        proxy = value(word);
        break;
      case '--log-level':
        logLevel = logLevelOf(value(word));
        break;
      case '--log-format':
        logFormat = logFormatOf(value(word));
        break;
      default:
        // run's spelling (parseArgs) works here too.
        if (word.startsWith('--log-level=')) {
          logLevel = logLevelOf(word.slice('--log-level='.length));
          break;
        }
        if (word.startsWith('--log-format=')) {
          logFormat = logFormatOf(word.slice('--log-format='.length));
          break;
        }
        if (word.startsWith('--')) throw new UsageError(`unknown option ${word}`);
        positionals.push(word);
    }
  }
  const callLogger =
    logLevel === undefined && logFormat === undefined
      ? undefined
      : (await import('../observability/createLogger.js')).createLogger({
          stream: stderr,
          level: logLevel ?? 'info',
          ...(logFormat === undefined ? {} : { format: logFormat }),
        });
  const options: XmlRpcClientOptions = {
    logger: callLogger ?? streamLogger(stderr),
    headers,
    tls,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(proxy === undefined ? {} : { proxy }),
  };
  return { positionals, json, options, callLogger };
}

/** A logger that writes warnings and errors to a stream (the CLI's stderr). */
export function streamLogger(stream: NodeJS.WritableStream): Logger {
  const write = (level: string, message: string): void => {
    stream.write(`spindle: ${level}: ${message}\n`);
  };
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => {
      write('warning', message);
    },
    error: (message) => {
      write('error', message);
    },
  };
}
