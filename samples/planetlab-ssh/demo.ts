/**
 * One command: start a local "node" (sshd whose forced command is
 * `spindle bridge server.xml`), then talk to its Node Manager both ways the
 * seed shows: through a proxy (client.xml, ssh:// URL) and by piping `dumps`
 * output through `ssh` by hand.
 *
 *   npm run build && node --import tsx samples/planetlab-ssh/demo.ts
 */
import { join } from 'node:path';

import { runClient } from './client.js';
import { startLocalNode } from './localNode.js';
import { redeemByPipe } from './pipe.js';

const node = await startLocalNode();
try {
  Object.assign(process.env, node.env);
  console.log(
    `node up: ssh://${node.env['NM_USER'] ?? ''}@127.0.0.1:${node.env['NM_PORT'] ?? ''}/NodeManager`,
  );
  await runClient([join(import.meta.dirname, 'client.xml')]);
  console.log(
    `Ticket (dumps piped through ssh, reply read with loads) -> ${String(await redeemByPipe(node.env))}`,
  );
} finally {
  await node.stop();
}
