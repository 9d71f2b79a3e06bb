import type { ClassDescriptor, DescriptorContext } from '../container/index.js';
import { aliasesOf, ContainerError, valueTypesOf } from '../container/index.js';
import { XmlRpcServiceExporter } from '../exporter/index.js';
import type { XmlRpcServiceExporterOptions } from '../exporter/index.js';
import { servicePaths } from '../rpc/index.js';
import { exporterRules } from './exporterRules.js';
import { exporterOptionTable } from './options/exporterOptionTable.js';

const defaultPort = 8000;

/**
 * The `replica` setting (`spindle run --replicas N` gives replica i): every
 * exporter of replica i listens on `servicePort + i`. Port 0 (any free port)
 * is left alone.
 */
function replicaOffset(context: DescriptorContext): number {
  const text = Object.hasOwn(context.settings, 'replica') ? context.settings['replica'] : undefined;
  if (text === undefined || text === '') return 0;
  const replica = Number(text);
  if (!Number.isInteger(replica) || replica < 0) {
    throw new ContainerError(
      'SPINDLE_INVALID_ARGUMENT',
      `setting replica=${text} is not a non-negative integer`,
    );
  }
  return replica;
}

function portOf(options: Readonly<Record<string, unknown>>, context: DescriptorContext): number {
  const port = typeof options['servicePort'] === 'number' ? options['servicePort'] : defaultPort;
  return port === 0 ? 0 : port + replicaOffset(context);
}

/**
 * The paths the exporter will answer on, as the server computes them: the
 * default service is served at `/` and `/RPC2`, so both can conflict. A name
 * the server refuses gives none here; creating the exporter reports it.
 */
function pathsOf(serviceName: unknown): readonly string[] {
  if (serviceName !== undefined && typeof serviceName !== 'string') return [];
  try {
    return servicePaths(serviceName);
  } catch {
    return [];
  }
}

/**
 * `class="XmlRpcServiceExporter"`: the context gets the exporter itself; it
 * starts serving when created and stops (draining in-flight calls) at
 * `ctx.close()`.
 */
export const exporterDescriptor: ClassDescriptor<XmlRpcServiceExporter> = {
  name: 'XmlRpcServiceExporter',
  properties: valueTypesOf(exporterOptionTable),
  aliases: aliasesOf(exporterOptionTable),
  options: exporterOptionTable,
  check: exporterRules,
  create: (options, context) =>
    new XmlRpcServiceExporter({
      logger: context.logger,
      ...options,
      servicePort: portOf(options, context),
    } as XmlRpcServiceExporterOptions),
  init: (exporter) => exporter.start(),
  destroy: (exporter) => exporter.close(),
  endpoint: (options, context) => ({
    host: typeof options['serviceHost'] === 'string' ? options['serviceHost'] : '127.0.0.1',
    port: portOf(options, context),
    paths: pathsOf(options['serviceName']),
    tls: options['tls'] ?? null,
  }),
};
