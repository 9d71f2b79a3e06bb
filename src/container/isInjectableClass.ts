import 'reflect-metadata';

import type { Constructor } from './ClassRegistry.js';

// inversify's own reflect-metadata keys (@inversifyjs/core): written by
// @injectable, @inject and friends. Read, never written, by Spindle.
const inversifyKeys = [
  '@inversifyjs/core/classIsInjectableFlagReflectKey',
  '@inversifyjs/core/classMetadataReflectKey',
];

/** True when `type` carries inversify decorators, so inversify should build it and fill its `@inject`s. */
export function isInjectableClass(type: Constructor): boolean {
  return inversifyKeys.some((key) => Reflect.hasOwnMetadata(key, type));
}
