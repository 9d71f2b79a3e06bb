import { Fault } from '../codec/index.js';
import { SpindleError } from '../common/index.js';
import { TransportError } from '../rpc/index.js';
import { paintFor } from './colors.js';
import type { CommandContext } from './Command.js';

/**
 * Prints why a call failed and returns the exit code 1: a fault as
 * `faultCode`/`faultString` (JSON on stdout with `--json`), anything else as
 * one line on stderr with its code and, for transport errors, the outcome.
 */
export function reportCallError(
  error: unknown,
  json: boolean,
  context: CommandContext,
  command: string,
): number {
  if (error instanceof Fault) {
    if (json) {
      context.stdout.write(
        `${JSON.stringify({ faultCode: error.faultCode, faultString: error.faultString })}\n`,
      );
    } else {
      const paint = paintFor(context.stderr);
      context.stderr.write(
        `${paint.red('faultCode:')} ${String(error.faultCode)}\n${paint.red('faultString:')} ${error.faultString}\n`,
      );
    }
    return 1;
  }
  if (error instanceof TransportError) {
    context.stderr.write(`spindle ${command}: ${error.code}: ${error.message} (outcome: ${error.outcome})\n`);
    return 1;
  }
  if (SpindleError.is(error)) {
    context.stderr.write(`spindle ${command}: ${error.code}: ${error.message}\n`);
    return 1;
  }
  throw error;
}
