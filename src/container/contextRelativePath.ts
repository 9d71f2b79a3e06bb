import { dirname, isAbsolute, resolve } from 'node:path';

/**
 * A path a context file names, resolved against the directory of that file
 * (the working directory for a definition built in code, whose file is `''`),
 * so a context means the same files from whatever directory it is started.
 * Absolute paths stay as they are.
 */
export function contextRelativePath(path: string, contextFile: string): string {
  if (isAbsolute(path)) return path;
  return resolve(contextFile === '' ? process.cwd() : dirname(contextFile), path);
}

/** Values of a `file` option that are not paths: ssh's `-F none` / `UserKnownHostsFile none` read no file. */
const NO_FILE = 'none';

/**
 * The value of a `file` option ({@link ValueType}) as the class gets it: PEM
 * text (`-----BEGIN`), an empty text, ssh's `none` and a `~/…` path (ssh
 * expands it itself) as written; any other relative path resolved against
 * the context file.
 */
export function contextFileOption(value: string, contextFile: string): string {
  if (value === '' || value === NO_FILE || value.includes('-----BEGIN') || value.startsWith('~'))
    return value;
  return contextRelativePath(value, contextFile);
}

/**
 * The value of a `command` option: a bare program name (`ssh`) is looked up
 * on `PATH` by the system, so it stays as written; a name with a slash
 * (`./bin/ssh`) is a path, resolved like a `file`.
 */
export function contextCommandOption(value: string, contextFile: string): string {
  return value.includes('/') ? contextFileOption(value, contextFile) : value;
}
