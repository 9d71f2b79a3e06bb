import { createServer } from 'node:net';
import type { Server } from 'node:net';

import type { XmlRpcServiceExporterOptions } from '../../src/exporter/index.js';
import { XmlRpcServiceExporter } from '../../src/exporter/index.js';
import { XmlRpcClient } from '../../src/proxy/index.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';
import { EXPORTED_METHODS, RecordingService } from './RecordingService.js';
import { SERVICE_PATH } from './rawHttp.js';
import { TARGET_LIMITS } from './serverAttacks.js';

/** A running exporter of a `RecordingService`, a client to it, and a canary no request may reach. */
export interface Target {
  readonly service: RecordingService;
  readonly exporter: XmlRpcServiceExporter;
  readonly port: number;
  readonly url: string;
  readonly logger: RecordingLogger;
  /** Port of a TCP server that counts connections: XXE and external DTDs must never reach it. */
  readonly canaryPort: number;
  canaryConnections(): number;
  /** A fresh client call `add(2, 3)`: the proof the server still answers. */
  stillAnswers(): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the target exporter on a free port with `TARGET_LIMITS` (plus `extra`). */
export async function startTarget(extra: Partial<XmlRpcServiceExporterOptions> = {}): Promise<Target> {
  const service = new RecordingService();
  const logger = new RecordingLogger();
  const exporter = new XmlRpcServiceExporter({
    service,
    serviceName: SERVICE_PATH.slice(1),
    servicePort: 0,
    methods: EXPORTED_METHODS,
    methodInfo: { add: { signature: ['int', 'int', 'int'] } },
    limits: { ...TARGET_LIMITS },
    logger,
    ...extra,
  });
  await exporter.start();
  const port = exporter.address?.port ?? 0;
  const url = `http://127.0.0.1:${port}${SERVICE_PATH}`;
  let connections = 0;
  const canary: Server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  const canaryAddress = canary.address();
  const canaryPort = typeof canaryAddress === 'object' && canaryAddress !== null ? canaryAddress.port : 0;
  return {
    service,
    exporter,
    port,
    url,
    logger,
    canaryPort,
    canaryConnections: () => connections,
    stillAnswers: async () => {
      const client = new XmlRpcClient(url, { timeoutMs: 10_000 });
      try {
        return await client.invoke('add', [2, 3]);
      } finally {
        await client.close();
      }
    },
    close: async () => {
      await exporter.close();
      await new Promise<void>((resolve) =>
        canary.close(() => {
          resolve();
        }),
      );
    },
  };
}
