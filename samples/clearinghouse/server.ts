/**
 * Starts the Clearinghouse server from `server.xml` (HTTPS, the key and
 * certificate given as settings).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ApplicationContext } from 'spindle';
import type { Logger, XmlRpcServiceExporter } from 'spindle';

const here = dirname(fileURLToPath(import.meta.url));

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The server's private key (PEM file). */
  readonly serverKey: string;
  /** The server's certificate (PEM file). */
  readonly serverCert: string;
  /** The API key of the account `alice`. */
  readonly aliceApiKey: string;
  /** Port to listen on; 0 picks a free one. @default 8443 */
  readonly port?: number;
  /** More `server.xml` settings (`ALICE_MAX_VESSELS`, `ALICE_PUBLIC_KEY`, …). @default {} */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where the server logs. @default silent */
  readonly logger?: Logger;
}

/** A running server: its URL, and `close()`. */
export interface RunningServer {
  /** `https://127.0.0.1:<port>/xmlrpc` */
  readonly url: string;
  close(): Promise<void>;
}

/** Loads `server.xml`; the exporter is serving when this resolves. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const context = await ApplicationContext.load([join(here, 'server.xml')], {
    settings: {
      ...options.settings,
      SERVER_KEY: options.serverKey,
      SERVER_CERT: options.serverCert,
      ALICE_API_KEY: options.aliceApiKey,
      PORT: String(options.port ?? 8443),
    },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const url = context.get<XmlRpcServiceExporter>('xmlrpcExporter').url;
  if (url === undefined) throw new Error('the exporter is not serving');
  return { url, close: () => context.close() };
}
