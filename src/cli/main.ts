import { commands } from './commands/index.js';
import type { CommandContext } from './Command.js';
import { packageVersion } from './packageVersion.js';

const overview = `Usage: spindle <command> [options]

Commands:
  run       load context files, start every exporter, serve until SIGINT/SIGTERM
  check     validate context files without starting anything
  call      make one XML-RPC call and print the result as JSON
  describe  list a server's methods with signatures and help
  bridge    answer one XML-RPC request read on stdin (the ssh forced command)

Examples:
  spindle run server.xml                       serve the exporters of a context file
  spindle check server.xml client.xml          validate without starting anything
  spindle call http://127.0.0.1:8000/ add 2 3  one call, the result as JSON
  spindle describe http://127.0.0.1:8000/      the server's methods, signatures and help

Run 'spindle <command> --help' for a command's options and examples;
'spindle --version' (or -v) prints the version.
Exit codes: 0 ok, 1 user error (bad context file, failed call), 2 usage error.
Colour only on a terminal, never when NO_COLOR is set. Documentation: docs/cli.md.
`;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], context: Omit<CommandContext, 'argv'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Nothing asked: a usage error, so the text goes to stderr and stdout stays clean.
    context.stderr.write(overview);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(overview);
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    context.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const load = commands.get(name);
  if (load === undefined) {
    context.stderr.write(`spindle: unknown command '${name}'\n\n${overview}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(command.usage);
    return 0;
  }
  return command.run({ ...context, argv: rest });
}
