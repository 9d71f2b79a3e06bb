import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';

import { decodeResponse } from '../../src/entries/codec.js';
import { startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { multicallEntry, multicallXml } from './rawHttp.js';

const MiB = 1024 * 1024;

/** POSTs `body` to the target and reads the whole answer. */
function post(port: number, body: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/Blobs',
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * C14b of the chaos review: a `system.multicall` of 1,000 entries that each
 * return 200 KB turns a 218 KB request into a 191 MiB answer; three at once
 * took a server from 88 to 1,176 MiB. With `maxResponseBytes` (16 MiB by
 * default) each answer stops at the limit, and the server's peak memory stays
 * near its start. Measured in a child process (the kernel's high-water mark),
 * against a generous bound, never against time.
 */
describe('adversarial: multicall amplification stays bounded in memory (C14b)', function () {
  this.timeout(120_000);
  let target: RunningProcess;
  let port: number;
  let startRss: number;
  const lines: string[] = [];

  async function nextLine(): Promise<Record<string, number>> {
    await target.waitFor(new RegExp(`^(?:.*\\n){${lines.length + 1}}`), 60_000);
    const line = target.stdout().split('\n')[lines.length] ?? '';
    lines.push(line);
    return JSON.parse(line) as Record<string, number>;
  }

  before(async () => {
    target = startNode([join(import.meta.dirname, 'memoryTarget.js')]);
    const ready = await nextLine();
    port = ready['port'] ?? 0;
    startRss = ready['rss'] ?? 0;
  });

  after(async () => {
    target.child.stdin.write('exit\n');
    await target.stop('SIGTERM', 10_000);
  });

  it('three 1,000-entry multicalls of 200 KB results: answers capped at 16 MiB, RSS growth far below the 1 GiB seen before', async () => {
    const entries = Array.from({ length: 1000 }, () => multicallEntry('blob', '<int>200000</int>'));
    const body = Buffer.from(multicallXml(entries), 'utf8');
    assert.ok(body.length > 200_000, 'the request of the review, ~218 KB');
    const answers = await Promise.all([post(port, body), post(port, body), post(port, body)]);
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      // Within the limit, so that a Spindle client with its default limits reads it.
      assert.ok(answer.body.length <= 16 * MiB, `${answer.body.length} bytes`);
      const results = decodeResponse(answer.body) as unknown[];
      assert.equal(results.length, 1000, 'one answer per entry');
      const sent = results.filter((r) => Array.isArray(r)).length;
      assert.ok(sent >= 70 && sent < 1000, `${sent} results sent whole`);
      const next = results[sent] as { faultCode: number; faultString: string };
      assert.equal(next.faultCode, -32603);
      assert.match(
        next.faultString,
        /ran, but its result was not sent: .*maxResponseBytes \(16777216 bytes\)/,
      );
      assert.equal(
        (results[999] as { faultString: string }).faultString,
        'entry 999 was not run: the response reached maxResponseBytes (16777216 bytes)',
      );
    }
    // The server keeps serving.
    const add = await post(
      port,
      Buffer.from(multicallXml([multicallEntry('add', '<int>2</int>', '<int>3</int>')])),
    );
    assert.deepEqual(decodeResponse(add.body), [[5]]);

    target.child.stdin.write('report\n');
    const report = await nextLine();
    const growth = ((report['maxRss'] ?? 0) - startRss) / MiB;
    // Before the limit: about 1,100 MiB. Three 16 MiB answers and their encoding need a few tens.
    assert.ok(growth < 300, `peak RSS grew by ${growth.toFixed(0)} MiB`);
  });
});
