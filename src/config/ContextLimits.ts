/**
 * Bounds on what one context file may make the readers do. Each is a count
 * or a size, never a time: a file over a bound is refused as soon as the
 * bound is crossed, with a `limit-exceeded` problem naming the file, the
 * place and the bound, however fast or loaded the machine is.
 */
export interface ContextLimits {
  /**
   * Largest context file, in bytes. Checked from the file's size before it is
   * read, and again while reading (a file that grows is cut there; a device
   * is not a regular file and is refused before it is opened). @default 8388608 (8 MiB)
   */
  readonly maxFileBytes: number;
  /**
   * Deepest nesting: XML elements from the root down (`<objects>` is 1), YAML
   * collections from the top mapping down, counted again through aliases.
   * Keeps every recursive walk of a definition far from the stack's end.
   * @default 100
   */
  readonly maxDepth: number;
  /**
   * Most YAML nodes that aliases (`*name`) may add to one file once expanded:
   * an alias counts as every node of what it stands for. Stops alias and
   * merge-key (`<<: [*m, *m]`) bombs, whose expansion doubles per level.
   * @default 100000
   */
  readonly maxAliasNodes: number;
}

/** The limits used when none are given. */
export const DEFAULT_CONTEXT_LIMITS: ContextLimits = {
  maxFileBytes: 8 * 1024 * 1024,
  maxDepth: 100,
  maxAliasNodes: 100_000,
};

/** `8 MiB`, `512 KiB`, `700 bytes`: a byte count as people write it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${String(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${String(bytes / 1024)} KiB`;
  return `${String(bytes)} bytes`;
}
