/**
 * The server side of `multicallMemory.spec.ts`, run in a child process of its
 * own so that its memory is measured alone: an exporter with the default
 * limits whose `blob(n)` returns an n-character string (C14b of the chaos
 * review). Prints `{"port":…,"rss":…}` once listening; on a `report` line
 * prints `{"maxRss":…,"rss":…}` (bytes; `maxRss` is the kernel's high-water
 * mark, so no spike between samples is missed); exits on `exit`.
 */
import { createInterface } from 'node:readline';

import { XmlRpcServiceExporter } from '../../src/exporter/index.js';

class Blobs {
  public blob(n: number): string {
    return 'x'.repeat(n);
  }

  public add(a: number, b: number): number {
    return a + b;
  }
}

const exporter = new XmlRpcServiceExporter({ service: new Blobs(), serviceName: 'Blobs', servicePort: 0 });
await exporter.start();
process.stdout.write(`${JSON.stringify({ port: exporter.address?.port, rss: process.memoryUsage().rss })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'report') {
    const report = { maxRss: process.resourceUsage().maxRSS * 1024, rss: process.memoryUsage().rss };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (line === 'exit') {
    break;
  }
}
await exporter.close();
