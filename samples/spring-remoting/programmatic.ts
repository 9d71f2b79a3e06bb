/**
 * Step 4, "Do I have to use XML?": the same wiring in code, no context file.
 * The same client function as every other step gets the proxy.
 *
 *   PORT=7000 node --import tsx programmatic.ts
 */
import { XmlRpcProxyFactory, XmlRpcServiceExporter } from 'spindle';

import { printData } from './client.js';
import type { DataService } from './client.js';
import { Service } from './service.js';

const port = Number(process.env['PORT'] ?? '7000');

// Create the service
const remoteService = new Service();

// Export it through XML-RPC; start() is what the container's lifecycle would call.
const serviceExporter = new XmlRpcServiceExporter({
  service: remoteService,
  serviceName: 'ServiceName',
  serviceHost: '127.0.0.1',
  servicePort: port,
});
await serviceExporter.start();

// Get a handle on a client-side proxy that will remotely call the service.
const factory = new XmlRpcProxyFactory({ serviceUrl: `http://127.0.0.1:${String(port)}/ServiceName` });
try {
  // Call the service just as in the original, local version.
  await printData(factory.getObject<DataService>());
} finally {
  await factory.close();
  await serviceExporter.close();
}
