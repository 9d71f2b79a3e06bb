import { Fault, FAULT_CODES } from '../../codec/index.js';
import { runMulticall } from './runMulticall.js';
import type { ServiceDispatcher } from './ServiceDispatcher.js';

/** The `system.getCapabilities` entry through which a pool learns which methods it may retry. */
export const IDEMPOTENT_CAPABILITY = 'spindle.idempotent';

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
