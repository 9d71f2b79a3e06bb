import { SpindleError } from '../../common/index.js';
import type { SshTarget } from './parseSshUrl.js';
import type { SshOptions } from './SshOptions.js';

/** The `StrictHostKeyChecking` value for an option as written in code or a context file. */
export function hostKeyCheckingValue(
  value: SshOptions['strictHostKeyChecking'],
): 'yes' | 'no' | 'accept-new' {
  switch (value) {
    case undefined:
    case true:
    case 'yes':
    case 'true':
      return 'yes';
    case false:
    case 'no':
    case 'false':
      return 'no';
    case 'accept-new':
      return 'accept-new';
    default:
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `ssh.strictHostKeyChecking must be true, false or 'accept-new', got ${JSON.stringify(value)}`,
      );
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `ssh.${name} must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** `-o Name=value` names as OpenSSH spells them: letters only. */
const OPTION_NAME = /^[A-Za-z]+$/;

/**
 * The ssh options shared by every call of one invoker (everything before the
 * destination). OpenSSH keeps the first value it sees for an option, so batch
 * mode comes first (never overridable), then the caller's extra options, then
 * Spindle's defaults.
 *
 * @param controlPath the control socket (`…/%C`) when calls share a connection
 */
export function sshArguments(options: SshOptions, controlPath: string | undefined): string[] {
  const args = ['-o', 'BatchMode=yes'];
  if (options.configFile !== undefined) args.push('-F', options.configFile);
  for (const [name, value] of Object.entries(options.options ?? {})) {
    if (!OPTION_NAME.test(name) || /[\r\n]/.test(value)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `ssh.options: not an ssh option: ${JSON.stringify(name)}`,
      );
    }
    args.push('-o', `${name}=${value}`);
  }
  args.push('-o', `StrictHostKeyChecking=${hostKeyCheckingValue(options.strictHostKeyChecking)}`);
  if (options.knownHostsFile !== undefined) args.push('-o', `UserKnownHostsFile=${options.knownHostsFile}`);
  if (options.identityFile !== undefined) args.push('-o', 'IdentitiesOnly=yes', '-i', options.identityFile);
  if (controlPath === undefined) {
    args.push('-o', 'ControlMaster=no', '-o', 'ControlPath=none');
  } else {
    const persist = positiveInteger(options.persistSeconds ?? 60, 'persistSeconds');
    args.push(
      '-o',
      'ControlMaster=auto',
      '-o',
      `ControlPath=${controlPath}`,
      '-o',
      `ControlPersist=${persist}`,
    );
  }
  const connectTimeout = positiveInteger(options.connectTimeoutSeconds ?? 10, 'connectTimeoutSeconds');
  args.push(
    '-o',
    `ConnectTimeout=${connectTimeout}`,
    // Errors only: no "Permanently added" chatter mixed into the error text.
    '-o',
    'LogLevel=ERROR',
    // Calls never need forwardings a user config may declare (they would clash on a shared connection).
    '-o',
    'ClearAllForwardings=yes',
    '-a',
    '-x',
    '-T',
  );
  return args;
}

/** The destination part: port, login and host, after `--` so a host can never be read as an option. */
export function destinationArguments(target: SshTarget): string[] {
  return [
    ...(target.port === undefined ? [] : ['-p', String(target.port)]),
    ...(target.user === undefined ? [] : ['-l', target.user]),
    '--',
    target.host,
  ];
}
