export { XmlRpcServiceExporter } from './XmlRpcServiceExporter.js';
export type { ExporterLimits, XmlRpcServiceExporterOptions } from './XmlRpcServiceExporterOptions.js';
