import type { SourceLocation } from '../definitions/index.js';

/**
 * Turns a character offset in a file's text into a 1-based line and column
 * (columns count UTF-16 code units, as the readers' parsers do).
 */
export class TextPositions {
  /** Offsets where each line starts. */
  private readonly starts: number[] = [0];

  public constructor(
    text: string,
    private readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  public at(offset: number): SourceLocation {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}
