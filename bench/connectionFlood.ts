/**
 * Measures what a flood of idle connections does to other clients: an
 * `XmlRpcServer` with default limits, attackers on 127.0.0.2.. that hold idle
 * connections (re-opening each one the server closes), and a legitimate client
 * on 127.0.0.1 making one call per fresh connection. Prints the legitimate
 * success rate during the flood. Run by hand (`node dist/bench/connectionFlood.js`);
 * it is a figure for the docs, not a test (a test asserts behaviour only).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { XmlRpcServer } from '../src/transport/server/XmlRpcServer.js';

// node dist/bench/connectionFlood.js [attacker addresses] [idle sockets per address]
const ATTACKER_ADDRESSES = Number(process.argv[2] ?? 5);
const SOCKETS_PER_ATTACKER = Number(process.argv[3] ?? 256);
const FLOOD_MS = 15_000;
const LEGIT_INTERVAL_MS = 50;
const BODY =
  '<?xml version="1.0"?><methodCall><methodName>add</methodName><params>' +
  '<param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>';

/** One call on a fresh connection from 127.0.0.1: true when answered 200 within 2 s. */
function legitCall(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: '127.0.0.1',
        method: 'POST',
        path: '/RPC2',
        agent: false,
        timeout: 2000,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': String(Buffer.byteLength(BODY)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode === 200);
        });
        res.on('error', () => {
          resolve(false);
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      resolve(false);
    });
    req.end(BODY);
  });
}

/** Keeps `count` idle connections open from `localAddress` until `stop()`. */
function flood(port: number, localAddress: string, count: number): { stop(): void; opened(): number } {
  let stopped = false;
  let opened = 0;
  const sockets = new Set<Socket>();
  const open = (): void => {
    if (stopped) return;
    opened++;
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      // Re-open after a short pause, as a flood that wants to keep its slots would.
      if (!stopped) setTimeout(open, 20);
    });
  };
  for (let i = 0; i < count; i++) open();
  return {
    stop(): void {
      stopped = true;
      for (const socket of sockets) socket.destroy();
    },
    opened: () => opened,
  };
}

async function main(): Promise<void> {
  const server = new XmlRpcServer({ port: 0 });
  server.registerFunction('add', (x: number, y: number) => x + y);
  const { port } = await server.listen();
  const floods = Array.from({ length: ATTACKER_ADDRESSES }, (_, i) =>
    flood(
      port,
      `127.0.${String(Math.floor((i + 2) / 250))}.${String(((i + 2) % 250) + 1)}`,
      SOCKETS_PER_ATTACKER,
    ),
  );
  await sleep(1000);
  let ok = 0;
  let calls = 0;
  const pending: Promise<void>[] = [];
  const end = Date.now() + FLOOD_MS;
  while (Date.now() < end) {
    calls++;
    pending.push(
      legitCall(port).then((success) => {
        if (success) ok++;
      }),
    );
    await sleep(LEGIT_INTERVAL_MS);
  }
  await Promise.all(pending);
  const attackerSockets = floods.reduce((sum, f) => sum + f.opened(), 0);
  for (const f of floods) f.stop();
  await server.close();
  const rate = ((100 * ok) / calls).toFixed(1);
  console.log(
    `legit calls during the flood: ${String(ok)}/${String(calls)} succeeded (${rate} %); ` +
      `attacker sockets opened: ${String(attackerSockets)} from ${String(ATTACKER_ADDRESSES)} addresses`,
  );
}

await main();
