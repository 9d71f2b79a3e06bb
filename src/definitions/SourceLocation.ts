/** Where a definition was written: every context-file error names this. */
export interface SourceLocation {
  /** Absolute path of the context file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** `file:line:col`, the form `spindle check` prints and editors jump to. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${String(location.line)}:${String(location.column)}`;
}
