import { SpindleError } from '../common/index.js';
import type { ListenAddress } from './parseListenAddress.js';
import { parseListenAddress } from './parseListenAddress.js';

/** `spindle run`'s observability options, taken out of its arguments. */
export interface ObservabilityArguments {
  /** `--metrics host:port`. */
  readonly metrics: ListenAddress | undefined;
  /** `--status host:port`. */
  readonly status: ListenAddress | undefined;
  /** `--log-format json|pretty`. */
  readonly logFormat: 'json' | 'pretty' | undefined;
  /** The other arguments, unchanged and in order. */
  readonly rest: string[];
}

/** The usage lines of these options, for `spindle run --help`. */
export const OBSERVABILITY_OPTIONS_USAGE = `  --metrics H:P      serve Prometheus metrics at http://H:P/metrics (calls, faults, latency, pools)
  --status H:P       serve a live status page at http://H:P/ (objects, exporters, pools)
  --log-format F     json (one object per line) or pretty (default: pretty on a terminal, else json)
`;

const NAMES = ['--metrics', '--status', '--log-format'] as const;

/**
 * Takes `--metrics`, `--status` and `--log-format` (as `--opt value` or
 * `--opt=value`) out of `argv`, leaving the rest for the context options.
 */
export function takeObservabilityOptions(argv: readonly string[]): ObservabilityArguments {
  const rest: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const name = NAMES.find((candidate) => arg === candidate || arg.startsWith(`${candidate}=`));
    if (name === undefined) {
      rest.push(arg);
      continue;
    }
    let value: string | undefined;
    if (arg === name) {
      value = argv[i + 1];
      i += 1;
    } else {
      value = arg.slice(name.length + 1);
    }
    if (value === undefined || value === '') {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `${name} needs a value`);
    }
    values.set(name, value);
  }
  const format = values.get('--log-format');
  if (format !== undefined && format !== 'json' && format !== 'pretty') {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `--log-format must be json or pretty, got '${format}'`,
    );
  }
  const metrics = values.get('--metrics');
  const status = values.get('--status');
  return {
    metrics: metrics === undefined ? undefined : parseListenAddress(metrics, '--metrics'),
    status: status === undefined ? undefined : parseListenAddress(status, '--status'),
    logFormat: format,
    rest,
  };
}
