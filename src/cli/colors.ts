/** ANSI styles for the CLI's human output; every function returns its text unchanged when colour is off. */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly dim: (text: string) => string;
}

const style =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001b[${String(open)}m${text}\u001b[${String(close)}m` : text;

/**
 * Whether to colour what goes to `stream`: only a terminal, and never when
 * `NO_COLOR` is set to anything non-empty (https://no-color.org), so piped
 * output and logs stay plain text.
 */
export function useColor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** The styles for `stream` (plain when {@link useColor} says no). */
export function paintFor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): Paint {
  const enabled = useColor(stream, env);
  return {
    bold: style(enabled, 1, 22),
    red: style(enabled, 31, 39),
    green: style(enabled, 32, 39),
    dim: style(enabled, 2, 22),
  };
}
