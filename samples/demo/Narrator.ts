/** Who a line of the demo's story comes from. */
export type Voice = 'demo' | 'cluster' | 'pool' | 'client';

/** How a line should stand out on a terminal. */
export type Tone = 'plain' | 'good' | 'bad' | 'note' | 'dim';

const COLOURS: Record<Tone, string> = {
  plain: '',
  good: '\u001b[32m',
  bad: '\u001b[31m',
  note: '\u001b[33m',
  dim: '\u001b[2m',
};

/**
 * Prints the demo's story: one line per event, with the time since the demo
 * started and who speaks. Colour only on a terminal and never with NO_COLOR,
 * so the output piped to a file or a test stays plain text.
 */
export class Narrator {
  readonly #start = Date.now();
  readonly #colour: boolean;
  readonly #write: (line: string) => void;

  public constructor(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
    this.#write = write;
    this.#colour = process.stdout.isTTY && process.env['NO_COLOR'] === undefined;
  }

  /** Seconds since the demo started. */
  public elapsed(): number {
    return (Date.now() - this.#start) / 1000;
  }

  /** One event: `  4.2s  pool     replica 1 ejected …`. */
  public say(voice: Voice, text: string, tone: Tone = 'plain'): void {
    const time = `${this.elapsed().toFixed(1).padStart(5)}s`;
    this.#write(this.#paint(`${time}  ${voice.padEnd(7)}  ${text}`, tone));
  }

  /** A line outside the timeline (banner, summary). */
  public print(text = '', tone: Tone = 'plain'): void {
    this.#write(this.#paint(text, tone));
  }

  #paint(text: string, tone: Tone): string {
    return this.#colour && tone !== 'plain' ? `${COLOURS[tone]}${text}\u001b[0m` : text;
  }
}
