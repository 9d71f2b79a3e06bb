import type { ContextFileItem } from './ContextFileItem.js';
import type { ContextLimits } from './ContextLimits.js';
import { decodeContextText } from './decodeContextText.js';
import type { ReaderSession } from './ReaderSession.js';
import { parseXml } from './xml/parseXml.js';
import { readXmlContext } from './xml/readXmlContext.js';
import { readYamlContext } from './yaml/readYamlContext.js';

/**
 * One context file's bytes to its items (imports and objects, in order);
 * every problem goes to the session, located. Never throws for what the
 * bytes hold: not UTF-8, control characters, no root, nesting past
 * `limits.maxDepth` and YAML aliases past `limits.maxAliasNodes` are problems
 * like any other.
 */
export async function parseContextFile(
  bytes: Buffer,
  file: string,
  format: 'xml' | 'yaml',
  session: ReaderSession,
  limits: ContextLimits,
): Promise<ContextFileItem[]> {
  const decoded = decodeContextText(bytes, file, format);
  if ('error' in decoded) {
    session.problem('not-well-formed', decoded.error, decoded.location);
    return [];
  }
  if (format === 'yaml') return readYamlContext(decoded.text, file, session, limits);
  const parsed = await parseXml(decoded.text, file, limits.maxDepth);
  if ('root' in parsed) return readXmlContext(parsed.root, session);
  session.problem(
    parsed.limit === true ? 'limit-exceeded' : 'not-well-formed',
    parsed.error,
    parsed.location,
  );
  return [];
}
