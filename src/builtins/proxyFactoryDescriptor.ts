import type { ClassDescriptor } from '../container/index.js';
import { XmlRpcProxyFactory } from '../proxy/index.js';
import type { XmlRpcProxyFactoryOptions } from '../proxy/index.js';
import { proxyFactoryOptionTable } from './options/proxyFactoryOptionTable.js';
import { aliasesOf, valueTypesOf } from '../container/index.js';

/**
 * `class="XmlRpcProxyFactory"`: the context hands out the factory's proxy
 * (never the factory), and closes the factory at `ctx.close()`. The proxy
 * never gets lifecycle calls: it would forward them to the server.
 */
export const proxyFactoryDescriptor: ClassDescriptor<XmlRpcProxyFactory> = {
  name: 'XmlRpcProxyFactory',
  properties: valueTypesOf(proxyFactoryOptionTable),
  aliases: aliasesOf(proxyFactoryOptionTable),
  options: proxyFactoryOptionTable,
  create: (options, context) =>
    new XmlRpcProxyFactory({ logger: context.logger, ...options } as XmlRpcProxyFactoryOptions),
  destroy: (factory) => factory.close(),
  expose: (factory) => factory.getObject(),
};
