import { ApplicationContext } from '../container/index.js';
import type { ContextReader } from '../container/index.js';
import { builtinClasses } from './builtinClasses.js';

/** The XML/YAML reader (xml2js, yaml), imported when a context file is first read, not with the package. */
const readContextFiles: ContextReader = async (files, options) =>
  (await import('../config/readContext.js')).readContext(files, options);

// Importing this module (the package root does) makes ApplicationContext.load
// read XML/YAML files and know the built-in classes by name.
ApplicationContext.configureDefaults({ reader: readContextFiles, classes: builtinClasses() });

export { builtinClasses } from './builtinClasses.js';
export { exporterDescriptor } from './exporterDescriptor.js';
export { ApplicationContext };
