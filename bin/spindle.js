#!/usr/bin/env node
import 'reflect-metadata';
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
// The command is done: let the output reach its reader, then exit, so a timer or socket left
// behind by application code (a stuck call's timer after `run` closed its context) cannot keep
// the process alive silently.
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise((resolve) => (stream.writableEnded ? resolve() : stream.write('', resolve))),
  ),
);
process.exit(code);
