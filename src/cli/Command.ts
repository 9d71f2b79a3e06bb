/** What a CLI command gets: its own arguments and the process streams. */
export interface CommandContext {
  /** Arguments after the command name. */
  readonly argv: readonly string[];
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * One `spindle <name>` command. `run` resolves to the exit code:
 * 0 ok, 1 user error (bad file, failed call), 2 usage error.
 */
export interface Command {
  readonly name: string;
  /** One line for `spindle --help`. */
  readonly summary: string;
  /** Full text for `spindle <name> --help`, with examples. */
  readonly usage: string;
  run(context: CommandContext): Promise<number>;
}
