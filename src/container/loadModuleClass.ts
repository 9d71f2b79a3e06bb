import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ContainerError } from './ContainerError.js';
import { contextRelativePath } from './contextRelativePath.js';

const typeScriptExtensions = new Set(['.ts', '.mts', '.cts', '.tsx']);
let typeScriptLoader: Promise<void> | undefined;

/**
 * Registers tsx's ESM loader once, the first time a `.ts` module is named, so
 * samples written in TypeScript load without a build step. Not done for
 * `.js` modules: plain JavaScript pays nothing.
 */
async function enableTypeScript(): Promise<void> {
  typeScriptLoader ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return typeScriptLoader;
}

const modules = new Map<string, Promise<Record<string, unknown>>>();

/** Where a context file's `class="path#Export"` points. */
export interface ModuleClassReference {
  /** Absolute path of the module. */
  readonly path: string;
  readonly exportName: string;
}

/**
 * Splits `./service.ts#Service` and resolves the path against the directory
 * of the context file that wrote it (the working directory when the
 * definition was built in code).
 */
export function parseModuleClass(className: string, contextFile: string): ModuleClassReference | undefined {
  const hash = className.lastIndexOf('#');
  if (hash < 0) return undefined;
  return {
    path: contextRelativePath(className.slice(0, hash), contextFile),
    exportName: className.slice(hash + 1),
  };
}

/**
 * Imports the module and returns the named export, which must be a class or
 * function. Fails with `SPINDLE_CONTAINER_MODULE_NOT_FOUND` or
 * `SPINDLE_CONTAINER_EXPORT_MISSING`.
 */
export async function loadModuleClass(reference: ModuleClassReference): Promise<unknown> {
  if (!existsSync(reference.path)) {
    throw new ContainerError('SPINDLE_CONTAINER_MODULE_NOT_FOUND', `module not found: ${reference.path}`);
  }
  let loading = modules.get(reference.path);
  if (loading === undefined) {
    const url = pathToFileURL(reference.path).href;
    loading = (
      typeScriptExtensions.has(extname(reference.path)) ? enableTypeScript() : Promise.resolve()
    ).then(async () => (await import(url)) as Record<string, unknown>);
    modules.set(reference.path, loading);
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = await loading;
  } catch (error) {
    modules.delete(reference.path);
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new ContainerError(
      'SPINDLE_CONTAINER_MODULE_NOT_FOUND',
      `module ${reference.path} failed to load: ${reason}`,
      {
        cause: error,
      },
    );
  }
  const value = Object.hasOwn(namespace, reference.exportName) ? namespace[reference.exportName] : undefined;
  if (typeof value !== 'function') {
    const exports = Object.keys(namespace).filter((name) => typeof namespace[name] === 'function');
    const found =
      value === undefined ? 'has no export' : 'exports something that is not a class or function as';
    throw new ContainerError(
      'SPINDLE_CONTAINER_EXPORT_MISSING',
      `module ${reference.path} ${found} '${reference.exportName}' (its classes and functions: ${exports.join(', ') || 'none'})`,
    );
  }
  return value;
}
