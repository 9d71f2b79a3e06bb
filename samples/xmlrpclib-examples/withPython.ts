/**
 * One command per Python variant:
 *
 *   node --import tsx withPython.ts server [--format xml|yaml]   Python's server (python/server.py), Spindle's client (client.ts, client.xml)
 *   node --import tsx withPython.ts client [--format xml|yaml]   Spindle's server (server.xml), Python's client (python/client.py)
 *
 * Both pick a free port on 127.0.0.1 and stop what they started. `--format yaml`
 * loads client.yaml / server.yaml instead: the same contexts, written in YAML.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ApplicationContext } from 'spindle';

import { main as runClient } from './client.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Which context files to load: `client.xml`/`server.xml` or their YAML twins. */
type Format = 'xml' | 'yaml';

function usage(): void {
  console.error('usage: node --import tsx withPython.ts server|client [--format xml|yaml]');
  process.exitCode = 2;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

/** Python's server, Spindle's client. */
async function pythonServer(format: Format, outDir: string): Promise<void> {
  const port = await freePort();
  const python = spawn('python3', ['-u', 'python/server.py', String(port)], {
    cwd: here,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('python/server.py did not start in 20 s'));
      }, 20_000);
      python.once('exit', (code) => {
        reject(new Error(`python/server.py exited with ${String(code)}`));
      });
      python.stdout.setEncoding('utf8');
      python.stdout.on('data', (chunk: string) => {
        process.stdout.write(chunk);
        if (chunk.includes('Listening on port')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await runClient([`client.${format}`], { PORT: String(port) }, outDir);
  } finally {
    python.kill('SIGTERM');
  }
}

/** Spindle's server, Python's client. */
async function pythonClient(format: Format, outDir: string): Promise<void> {
  const port = await freePort();
  const context = await ApplicationContext.load([`server.${format}`], { settings: { PORT: String(port) } });
  try {
    console.log(`Spindle serving the examples on http://127.0.0.1:${String(port)}/`);
    const python = spawn('python3', ['-u', 'python/client.py', `http://127.0.0.1:${String(port)}`, outDir], {
      cwd: here,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const code = await new Promise<number | null>((resolve) => python.once('exit', resolve));
    if (code !== 0) throw new Error(`python/client.py exited with ${String(code)}`);
  } finally {
    await context.close();
  }
}

const { values, positionals } = parseArgs({
  options: { format: { type: 'string', default: 'xml' } },
  allowPositionals: true,
});
const [mode, ...rest] = positionals;
const format = values.format;
const outDir = process.env['OUT_DIR'] ?? '.';
process.chdir(here);
if (rest.length > 0 || (format !== 'xml' && format !== 'yaml')) usage();
else if (mode === 'server') await pythonServer(format, outDir);
else if (mode === 'client') await pythonClient(format, outDir);
else usage();
