import type { OptionSpec } from '../../container/index.js';
import { aliasesOf, fileOptions } from '../../container/index.js';
import { builtinClasses } from '../builtinClasses.js';

/** One built-in as the generators see it: its class name and the options files may write. */
export interface BuiltinOptions {
  readonly name: string;
  /** By camelCase name, in the table's order. */
  readonly options: readonly (readonly [string, OptionSpec])[];
  /** Spring Python's spelling → camelCase name. */
  readonly aliases: Readonly<Record<string, string>>;
}

/** Every built-in's file options, from its one option table. */
export function builtinOptions(): BuiltinOptions[] {
  const registry = builtinClasses();
  return registry.names().flatMap((name) => {
    const entry = registry.lookup(name);
    if (entry?.kind !== 'descriptor') return [];
    const table = entry.descriptor.options ?? {};
    return [{ name, options: fileOptions(table), aliases: aliasesOf(table) }];
  });
}

/** The type column of the docs and the schemas' descriptions: `integer`, `list of strings`, `PEM`. */
export function kindLabel(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'string-list':
      return 'list of strings';
    case 'pem':
      return 'PEM or file';
    case 'pem-list':
      return 'PEMs or files';
    case 'map':
      return 'dict';
    case 'members':
      return 'list of refs and URLs';
    case 'ref-list':
      return 'list of refs';
    case 'any':
    case 'boolean':
    case 'integer':
    case 'number':
    case 'object':
    case 'ref':
    case 'string':
      return spec.kind;
  }
}

/** The constraints of an option in words, e.g. `0–65535`, `one of TLSv1.2, TLSv1.3`, `http, https or ssh URLs`. */
export function constraintText(spec: OptionSpec): string {
  const parts: string[] = [];
  if (spec.min !== undefined && spec.max !== undefined) parts.push(`${String(spec.min)}–${String(spec.max)}`);
  else if (spec.min !== undefined && spec.exclusiveMax !== undefined)
    parts.push(`≥ ${String(spec.min)}, < ${String(spec.exclusiveMax)}`);
  else if (spec.min !== undefined) parts.push(`≥ ${String(spec.min)}`);
  if (spec.enum !== undefined) parts.push(`one of ${spec.enum.map((value) => `\`${value}\``).join(', ')}`);
  if (spec.schemes !== undefined) {
    const schemes = spec.schemes.map((scheme) => `\`${scheme}\``);
    const last = schemes.pop() ?? '';
    parts.push(`${schemes.length > 0 ? `${schemes.join(', ')} or ${last}` : last} URLs`);
  }
  return parts.join('; ');
}

/** `text` safe in XML attribute values and text (the generated XSD and Schematron). */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
