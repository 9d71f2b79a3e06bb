/**
 * The whole sample in one command, from the repository root or this folder:
 *
 *   node --import tsx samples/clearinghouse/run.ts
 *
 * Generates a throw-away CA and server certificate with openssl, starts the
 * Clearinghouse server over HTTPS on a free port with a random API key, runs
 * the seed's example against it through the client library (trusting only
 * that CA), then stops the server and deletes the keys.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { main } from './example.js';
import { makeCertificates } from './makeCertificates.js';
import { startServer } from './server.js';

const dir = await mkdtemp(join(tmpdir(), 'spindle-clearinghouse-'));
try {
  const certificates = await makeCertificates(dir);
  const apiKey = randomBytes(24).toString('hex');
  const server = await startServer({ ...certificates, aliceApiKey: apiKey, port: 0 });
  try {
    console.log(`Clearinghouse serving ${server.url}`);
    process.exitCode = await main({
      username: 'alice',
      apiKey,
      xmlrpcUrl: server.url,
      caCertsFile: certificates.caCertsFile,
    });
  } finally {
    await server.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
