/**
 * One command per Python variant:
 *
 *   node --import tsx withPython.ts server   Python's server (python/server.py), Spindle's client (client.ts)
 *   node --import tsx withPython.ts client   Spindle's server (server.xml), Python's client (python/client.py)
 *
 * Both pick a free port on 127.0.0.1 and stop what they started.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import { ApplicationContext } from 'spindle';

import { main as runClient } from './client.js';

const here = fileURLToPath(new URL('.', import.meta.url));

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
async function pythonServer(outDir: string): Promise<void> {
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
    await runClient(['client.xml'], { PORT: String(port) }, outDir);
  } finally {
    python.kill('SIGTERM');
  }
}

/** Spindle's server, Python's client. */
async function pythonClient(outDir: string): Promise<void> {
  const port = await freePort();
  const context = await ApplicationContext.load(['server.xml'], { settings: { PORT: String(port) } });
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

const mode = process.argv[2];
const outDir = process.env['OUT_DIR'] ?? '.';
process.chdir(here);
if (mode === 'server') await pythonServer(outDir);
else if (mode === 'client') await pythonClient(outDir);
else {
  console.error('usage: node --import tsx withPython.ts server|client');
  process.exitCode = 2;
}
