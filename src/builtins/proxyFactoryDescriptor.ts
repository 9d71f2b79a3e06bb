import type { ClassDescriptor } from '../container/ClassDescriptor.js';
import { XmlRpcProxyFactory } from '../proxy/XmlRpcProxyFactory.js';
import type { XmlRpcProxyFactoryOptions } from '../proxy/XmlRpcProxyFactory.js';
import { clientTlsType, decodeLimitsType, decodingType, sshType } from './optionValueTypes.js';

/**
 * `class="XmlRpcProxyFactory"`: the context hands out the factory's proxy
 * (never the factory), and closes the factory at `ctx.close()`. The proxy
 * never gets lifecycle calls: it would forward them to the server.
 */
export const proxyFactoryDescriptor: ClassDescriptor<XmlRpcProxyFactory> = {
  name: 'XmlRpcProxyFactory',
  properties: {
    serviceUrl: 'string',
    timeoutMs: 'integer',
    tls: clientTlsType,
    username: 'string',
    password: 'string',
    headers: 'any',
    // Classes: context files give an inner <object class="./errors.ts#X"/>, an object of the class.
    faults: 'any',
    transportErrorClass: 'any',
    idempotent: 'string-list',
    proxy: 'string',
    maxResponseBytes: 'integer',
    decodeLimits: decodeLimitsType,
    decoding: decodingType,
    logger: 'any',
    ssh: sshType,
  },
  aliases: { service_url: 'serviceUrl', timeout_ms: 'timeoutMs' },
  create: (options, context) =>
    new XmlRpcProxyFactory({ logger: context.logger, ...options } as unknown as XmlRpcProxyFactoryOptions),
  destroy: (factory) => factory.close(),
  expose: (factory) => factory.getObject(),
};
