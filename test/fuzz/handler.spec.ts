import assert from 'node:assert/strict';
import http from 'node:http';

import fc from 'fast-check';

import { decodeResponse, Fault } from '../../src/codec/index.js';
import { XmlRpcServiceExporter } from '../../src/exporter/index.js';
import { ServiceDispatcher } from '../../src/rpc/index.js';
import { recordFigures } from '../adversarial/recordFigures.js';
import { arbitraryInput, mutated, validCall } from './arbitraries.js';
import { checkHandler, fuzz, FuzzStats, HANG_MS, runs } from './fuzzContract.js';
import { FuzzService } from './FuzzService.js';

/** Any input: arbitrary bytes, mutated calls, and mutated multicalls. */
const requests = fc.oneof(arbitraryInput, mutated(validCall), validCall);

/** POSTs `body` over a keep-alive agent; resolves with status and body. */
function postOver(agent: http.Agent, port: number, body: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/Fuzz',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length },
        timeout: HANG_MS * 2,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => {
      request.destroy(new Error('hang: no HTTP answer in time'));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('fuzz: the request handler (ServiceDispatcher.handle, and real HTTP)', function () {
  this.timeout(120_000);
  const stats = new FuzzStats();
  const httpStats = new FuzzStats();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const dispatcher = new ServiceDispatcher({ callTimeoutMs: 500 });
  dispatcher.registerInstance(new FuzzService());
  before(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
    recordFigures('fuzz-handler', stats.figures());
    recordFigures('fuzz-http', httpStats.figures());
  });

  it('handle(): every input gets a well-formed response (a value or a fault), in time', async () => {
    await fuzz('handler', requests, runs(30_000), async (input) => {
      await checkHandler(dispatcher, input, stats);
    });
  });

  it('through a real exporter: every input gets HTTP 200 with a value or a fault; the server stays up', async () => {
    const exporter = new XmlRpcServiceExporter({
      service: new FuzzService(),
      serviceName: 'Fuzz',
      servicePort: 0,
    });
    await exporter.start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const port = exporter.address?.port ?? 0;
      await fuzz('http', requests, runs(5_000), async (input) => {
        const started = performance.now();
        const reply = await postOver(agent, port, input);
        httpStats.record(performance.now() - started);
        assert.equal(reply.status, 200, `HTTP ${reply.status} for ${input.toString('latin1').slice(0, 200)}`);
        try {
          decodeResponse(reply.body);
        } catch (error) {
          if (!(error instanceof Fault)) throw error;
          httpStats.typedErrors += 1;
        }
      });
      const last = await postOver(
        agent,
        port,
        Buffer.from(
          '<methodCall><methodName>add</methodName><params><param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>',
        ),
      );
      assert.equal(decodeResponse(last.body), 5, 'the server answers after the fuzzing');
    } finally {
      agent.destroy();
      await exporter.close();
    }
  });

  it('no unhandled rejection, no hang', () => {
    assert.deepEqual(unhandled, []);
    assert.equal(stats.hangs + httpStats.hangs, 0);
  });
});
