import http from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import net from 'node:net';

/** A raw XML-RPC success response carrying one value's XML. */
export function responseXml(valueXml: string): string {
  return `<?xml version="1.0"?><methodResponse><params><param><value>${valueXml}</value></param></params></methodResponse>`;
}

/** A loopback server under test control, closed (sockets too) by `close()`. */
export interface TestServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

function track(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => {
        resolve();
      });
    });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An `http` server whose handler sees each request with its whole body. */
export async function startHttpServer(
  handler: (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) => void,
): Promise<TestServer> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handler(request, Buffer.concat(chunks), response);
    });
  });
  const close = track(server);
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}/RPC2`, close };
}

/** A raw TCP server: `onConnection` gets each socket and does whatever a hostile peer does. */
export async function startNetServer(
  onConnection: (socket: Socket, index: number) => void,
): Promise<TestServer> {
  let count = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    onConnection(socket, count);
    count += 1;
  });
  const close = track(server);
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}/RPC2`, close };
}

/** Resolves once `socket` has received a full HTTP request (headers and Content-Length body). */
export function readRequest(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(text)?.[1] ?? '0');
      if (text.length - end - 4 >= length) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}
