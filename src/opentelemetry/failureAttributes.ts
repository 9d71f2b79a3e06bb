import type { Attributes } from '@opentelemetry/api';

/**
 * What a span records of a failed call: the fault code of a fault, the
 * `SPINDLE_*` code and outcome of any Spindle error. Read by shape, so this
 * entry does not load the rest of Spindle.
 */
export function failureAttributes(error: unknown): Attributes {
  const attributes: Attributes = {};
  if (typeof error !== 'object' || error === null) return attributes;
  const { code, faultCode, outcome } = error as { code?: unknown; faultCode?: unknown; outcome?: unknown };
  if (typeof code === 'string') attributes['error.type'] = code;
  if (typeof faultCode === 'number' || typeof faultCode === 'string')
    attributes['rpc.xmlrpc.fault_code'] = faultCode;
  if (typeof outcome === 'string') attributes['spindle.outcome'] = outcome;
  return attributes;
}
