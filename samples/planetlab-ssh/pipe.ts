/**
 * The seed's "something much simpler": a request made with `dumps`, piped
 * through the `ssh` command by hand, the reply read with `loads`. No proxy,
 * no transport: the same bytes `cat ticket.txt | ssh nm@node` would send.
 *
 *   NM_HOST=… NM_PORT=… NM_USER=… NM_IDENTITY=… NM_KNOWN_HOSTS=… node --import tsx pipe.ts
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

import { dumps, loads } from 'spindle/codec';

import { SAMPLE_TICKET } from './client.js';

/** Sends `Ticket(ticket)` through `ssh` and resolves to the decoded reply. */
export async function redeemByPipe(
  env: Readonly<Record<string, string | undefined>>,
  ticket = SAMPLE_TICKET,
): Promise<unknown> {
  // print xmlrpclib.dumps((ticket,), 'Ticket')
  const request = dumps([ticket], { methodName: 'Ticket' });
  const args = [
    '-F',
    'none',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${env['NM_KNOWN_HOSTS'] ?? ''}`,
    '-i',
    env['NM_IDENTITY'] ?? '',
    '-p',
    env['NM_PORT'] ?? '22',
    `${env['NM_USER'] ?? 'root'}@${env['NM_HOST'] ?? '127.0.0.1'}`,
    '/NodeManager',
  ];
  const ssh = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  ssh.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exited = new Promise<number | null>((resolve) => ssh.once('close', resolve));
  ssh.stdin.end(request);
  const code = await exited;
  if (code !== 0) throw new Error(`ssh exited with ${String(code)}`);
  // print xmlrpclib.loads(p.stdout.read())
  const [params] = loads(Buffer.concat(chunks));
  return params[0];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`Ticket (piped through ssh) -> ${String(await redeemByPipe(process.env))}`);
}
