import { encodeResponse, FAULT_CODES } from '../../codec/index.js';
import { Fault } from '../../codec/Fault.js';
import type { ServiceDispatcher } from './ServiceDispatcher.js';

/** The `system.getCapabilities` entry through which a pool learns which methods it may retry. */
export const IDEMPOTENT_CAPABILITY = 'spindle.idempotent';

const NO_CONTEXT = Object.freeze({});

/** A multicall entry's failure, in the shape CPython's MultiCall iterator raises from. */
function faultStruct(code: number, message: string): Record<string, unknown> {
  return { faultCode: code, faultString: message };
}

function isStruct(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * Runs the entries of one `system.multicall` in order. Malformed entries and
 * failed methods become per-entry fault structs; the other entries still run.
 */
async function runMulticall(dispatcher: ServiceDispatcher, calls: readonly unknown[]): Promise<unknown[]> {
  if (calls.length > dispatcher.maxMulticallCalls) {
    throw new Fault(
      FAULT_CODES.INVALID_REQUEST,
      `system.multicall: ${calls.length} calls is more than the limit of ${dispatcher.maxMulticallCalls}`,
    );
  }
  const results: unknown[] = [];
  for (const call of calls) {
    const methodName = isStruct(call) ? call['methodName'] : undefined;
    const params = isStruct(call) ? call['params'] : undefined;
    if (typeof methodName !== 'string' || !Array.isArray(params)) {
      results.push(
        faultStruct(
          FAULT_CODES.INVALID_REQUEST,
          'a multicall entry is a struct with methodName and params (array)',
        ),
      );
      continue;
    }
    if (methodName === 'system.multicall') {
      results.push(faultStruct(FAULT_CODES.INVALID_REQUEST, 'recursive system.multicall is forbidden'));
      continue;
    }
    const outcome: unknown = await dispatcher.invoke(methodName, params as unknown[], NO_CONTEXT);
    if (outcome instanceof Fault) {
      const code = typeof outcome.faultCode === 'number' ? outcome.faultCode : FAULT_CODES.APPLICATION_ERROR;
      results.push(faultStruct(code, outcome.faultString));
      continue;
    }
    try {
      encodeResponse(outcome); // one unencodable entry must not sink the others
      results.push([outcome]);
    } catch {
      results.push(faultStruct(FAULT_CODES.INTERNAL_ERROR, `cannot serialize the result of ${methodName}`));
    }
  }
  return results;
}

/**
 * Registers the `system.*` methods a dispatcher offers: multicall and the
 * introspection trio when enabled, `getCapabilities` always.
 */
export function registerSystemMethods(dispatcher: ServiceDispatcher): void {
  const registry = dispatcher.registry;
  const lookup = (name: unknown): NonNullable<ReturnType<typeof registry.get>> => {
    const entry = typeof name === 'string' ? registry.get(name) : undefined;
    if (entry === undefined) {
      throw new Fault(
        FAULT_CODES.METHOD_NOT_FOUND,
        `method '${String(name).slice(0, 256)}' is not supported`,
      );
    }
    return entry;
  };

  if (dispatcher.multicall) {
    registry.registerSystem('system.multicall', (calls: unknown[]) => runMulticall(dispatcher, calls), {
      signature: ['array', 'array'],
      help: 'Runs several calls in one request; each result is [value] or a fault struct.',
    });
  }
  if (dispatcher.introspection) {
    registry.registerSystem('system.listMethods', () => [...registry.names()], {
      signature: ['array'],
      help: 'Lists the methods this service offers.',
    });
    registry.registerSystem(
      'system.methodSignature',
      (name: string) => {
        const signatures = lookup(name).signatures;
        return signatures === undefined ? 'undef' : signatures.map((s) => [...s]);
      },
      {
        signature: ['array', 'string'],
        help: 'The signatures of a method, or "undef" when none were declared.',
      },
    );
    registry.registerSystem('system.methodHelp', (name: string) => lookup(name).help, {
      signature: ['string', 'string'],
      help: 'The help text of a method, or an empty string.',
    });
  }
  registry.registerSystem(
    'system.getCapabilities',
    () => {
      const capabilities: Record<string, unknown> = {
        faults_interop: {
          specUrl: 'http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php',
          specVersion: 20010516,
        },
        [IDEMPOTENT_CAPABILITY]: {
          specUrl: 'https://spindle.dev/capabilities/idempotent',
          specVersion: 1,
          methods: [...dispatcher.idempotent],
        },
      };
      if (dispatcher.introspection) {
        capabilities['introspection'] = {
          specUrl: 'http://xmlrpc-c.sourceforge.net/xmlrpc-c/introspection.html',
          specVersion: 1,
        };
      }
      if (dispatcher.multicall) {
        capabilities['multicall'] = {
          specUrl: 'https://mirrors.talideon.com/articles/multicall.html',
          specVersion: 1,
        };
      }
      return capabilities;
    },
    { signature: ['struct'], help: 'The specifications this server follows, and its idempotent methods.' },
  );
}
