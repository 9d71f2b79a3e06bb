#!/usr/bin/env node
import 'reflect-metadata';
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
