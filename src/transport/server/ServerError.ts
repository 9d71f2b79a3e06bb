import type { SpindleErrorCode, SpindleErrorOptions } from '../../common/index.js';
import { SpindleError } from '../../common/index.js';

/**
 * An error of the serving side: a server that cannot listen, exporters that
 * disagree about a shared port, or an unsafe configuration refused at start.
 * Faults a client receives are never `ServerError`s; they are XML-RPC answers.
 */
export class ServerError extends SpindleError {
  public constructor(code: SpindleErrorCode, message: string, options: SpindleErrorOptions = {}) {
    super(code, message, options);
  }
}
