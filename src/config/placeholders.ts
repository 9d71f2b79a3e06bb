/** What {@link expandPlaceholders} made of a text. */
export interface ExpandedText {
  readonly text: string;
  /** Names that had no value and no default, in order. */
  readonly missing: readonly string[];
}

/** `$${` (an escaped `${`, kept literally) or a placeholder; one left-to-right scan, so an escape is never read as one. */
const placeholder = /\$\$\{|\$\{([^}:]*)(?::([^}]*))?\}/g;

/**
 * Replaces every `${NAME}` and `${NAME:default}` in `text` with
 * `lookup(NAME)`, else the default. A missing name without a default is left
 * as written and reported in `missing`. `$${` is an escape: it gives a literal
 * `${` and what follows is not a placeholder (`$$` alone stays as written).
 * Not recursive: a value that itself contains `${…}` is kept as it is.
 */
export function expandPlaceholders(text: string, lookup: (name: string) => string | undefined): ExpandedText {
  const missing: string[] = [];
  const expanded = text.replace(
    placeholder,
    (whole, name: string | undefined, fallback: string | undefined) => {
      if (name === undefined) return '${';
      const value = lookup(name.trim());
      if (value !== undefined) return value;
      if (fallback !== undefined) return fallback;
      missing.push(name.trim());
      return whole;
    },
  );
  return { text: expanded, missing };
}
