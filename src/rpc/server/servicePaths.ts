import { SpindleError } from '../../common/index.js';

/** The paths of the default service (CPython's `rpc_paths`). */
export const DEFAULT_SERVICE_PATHS: readonly string[] = Object.freeze(['/', '/RPC2']);

/**
 * The URL paths a service answers on: `/ServiceName` for a named service,
 * `/` and `/RPC2` for the default one (no name, `""` or `"/"`).
 */
export function servicePaths(serviceName: string | undefined): readonly string[] {
  if (serviceName === undefined) return DEFAULT_SERVICE_PATHS;
  if (typeof serviceName !== 'string') {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'serviceName must be a string');
  }
  const trimmed = serviceName.replace(/^\/+/, '');
  if (trimmed === '') return DEFAULT_SERVICE_PATHS;
  if (!/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$/.test(trimmed)) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `serviceName '${serviceName}' must be a URL path (letters, digits and - . _ ~ / …, no spaces or '?')`,
    );
  }
  return [`/${trimmed}`];
}
