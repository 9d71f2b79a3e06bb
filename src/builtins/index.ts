import { readContext } from '../config/index.js';
import { ApplicationContext } from '../container/index.js';
import { builtinClasses } from './builtinClasses.js';

// Importing this module (the package root does) makes ApplicationContext.load
// read XML/YAML files and know the built-in classes by name.
ApplicationContext.configureDefaults({ reader: readContext, classes: builtinClasses() });

export { builtinClasses } from './builtinClasses.js';
export { exporterDescriptor } from './exporterDescriptor.js';
export { ApplicationContext };
