import type { SpindleErrorCode } from '../../common/index.js';
import type { CallOutcome } from '../../rpc/index.js';
import { TransportError } from '../../rpc/index.js';
import { BRIDGE_EXIT_NOT_EXECUTED } from './bridgeExitCodes.js';
import type { SshRun } from './runSshProcess.js';

/** ssh exits with 255 for its own errors; anything else is the remote command's status. */
const SSH_ERROR_EXIT = 255;

/**
 * Failures ssh reports before a session channel is open, so the remote
 * command never started. Each is matched only with exit status 255; anything
 * else ssh says (a connection lost mid-call) stays outcome `unknown`.
 */
const BEFORE_SESSION: readonly (readonly [RegExp, SpindleErrorCode, string])[] = [
  [
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key .* has changed|No \S+ host key is known/i,
    'SPINDLE_SSH_HOST_KEY_REJECTED',
    "the server's host key was not accepted",
  ],
  [
    /Permission denied|Too many authentication failures|No more authentication methods|Authentication failed/i,
    'SPINDLE_SSH_AUTH_FAILED',
    'the server refused the key',
  ],
  [
    /Connection refused|Could not resolve hostname|No route to host|Network is unreachable|Connection timed out|Operation timed out|kex_exchange_identification|banner exchange|Connection closed by \S+ port \d+|Unable to negotiate|Bad port|Bad configuration option|Can't open user config file|no argument after keyword|Session open refused|open failed: administratively prohibited|session request failed|ControlPath too long|Bad owner or permissions/i,
    'SPINDLE_SSH_CONNECT_FAILED',
    'ssh could not open a session',
  ],
];

/** ssh's stderr on one line, without the `@@@` banner of a changed host key. */
function stderrText(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^@+$/.test(line));
  return lines.length === 0 ? '' : `: ${lines.join(' ')}`;
}

/**
 * The one boundary where an ssh run becomes either the response bytes or a
 * `TransportError` whose `outcome` the caller (and a pool) decides on:
 * - `not-executed`: ssh could not start, or said (exit 255) that the host key,
 *   the key or the connection failed, or `spindle bridge` exited 75 without
 *   output (its target refused the request);
 * - `unknown`: the request was handed to the remote side and no complete
 *   response came back (died, killed by the timeout or an abort, too large).
 * A response with a non-zero exit of the remote command is still returned:
 * the decoder judges the bytes.
 */
export function classifySshRun(run: SshRun, url: string, timeoutMs: number): Buffer {
  const fail = (code: SpindleErrorCode, message: string, outcome: CallOutcome): never => {
    throw new TransportError(code, `${url}: ${message}${stderrText(run.stderr)}`, outcome, url, {
      ...(run.spawnError === undefined ? {} : { cause: run.spawnError }),
    });
  };
  switch (run.end) {
    case 'spawn-failed':
      return fail(
        'SPINDLE_SSH_CONNECT_FAILED',
        `cannot run ssh (${run.spawnError?.message ?? 'unknown error'})`,
        'not-executed',
      );
    case 'timeout':
      return fail('SPINDLE_CLIENT_TIMEOUT', `no response within ${timeoutMs} ms; ssh was stopped`, 'unknown');
    case 'aborted':
      return fail('SPINDLE_CLIENT_ABORTED', 'aborted by the caller; ssh was stopped', 'unknown');
    case 'closed':
      return fail('SPINDLE_CLOSED', 'the transport was closed during the call', 'unknown');
    case 'too-large':
      return fail(
        'SPINDLE_CLIENT_RESPONSE_TOO_LARGE',
        'the response is larger than maxResponseBytes',
        'unknown',
      );
    case 'exited':
      break;
  }
  const status = run.exitCode;
  if (status === SSH_ERROR_EXIT) {
    if (run.stdout.length === 0) {
      for (const [pattern, code, what] of BEFORE_SESSION) {
        if (pattern.test(run.stderr)) return fail(code, `${what} (ssh exit 255)`, 'not-executed');
      }
    }
    return fail(
      'SPINDLE_SSH_REMOTE_FAILED',
      'ssh failed after the request was handed over (exit 255)',
      'unknown',
    );
  }
  if (run.stdout.length > 0) return run.stdout;
  if (status === BRIDGE_EXIT_NOT_EXECUTED) {
    return fail(
      'SPINDLE_SSH_REMOTE_FAILED',
      `the remote bridge did not run the request (exit ${status})`,
      'not-executed',
    );
  }
  return fail(
    'SPINDLE_SSH_REMOTE_FAILED',
    `the remote command ended without a response (exit ${String(status)})`,
    'unknown',
  );
}
