import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createProxy } from '../../src/proxy/createProxy.js';
import { freePort, isListening } from '../helpers/ports.js';
import { root, runNode, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';

const spindle = join(root, 'bin', 'spindle.js');

const serverXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="remoteService" class="./service.js#Service"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="serviceName" value="ServiceName"/>
    <property name="servicePort" value="\${PORT}"/>
  </object>
</objects>
`;

const overrideXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="remoteService" class="./service.js#LoudService"/>
</objects>
`;

const twoExportersXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="remoteService" class="./service.js#Service"/>
  <object id="first" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="servicePort" value="\${FREE}"/>
  </object>
  <object id="second" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="servicePort" value="\${TAKEN}"/>
  </object>
</objects>
`;

describe('spindle run', () => {
  let dir: string;
  let server: RunningProcess | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-run-'));
    writeFileSync(
      join(dir, 'service.js'),
      'export class Service { getData(p) { return `You got remote data => ${p}`; } }\n' +
        'export class LoudService { getData(p) { return `YOU GOT ${p.toUpperCase()}`; } }\n',
    );
    writeFileSync(join(dir, 'server.xml'), serverXml);
    writeFileSync(join(dir, 'override.xml'), overrideXml);
    writeFileSync(join(dir, 'two.xml'), twoExportersXml);
    writeFileSync(
      join(dir, 'bad.xml'),
      '<objects xmlns="https://spindle.dev/schema/objects">\n  <object id="x" class="Nope"/>\n</objects>\n',
    );
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves until SIGTERM, then closes gracefully; --log-level debug shows the wiring', async () => {
    const port = await freePort();
    server = startNode(
      [
        spindle,
        'run',
        'server.xml',
        'override.xml',
        '--set',
        `PORT=${String(port)}`,
        '--log-level',
        'debug',
        '--log-format',
        'pretty',
      ],
      {
        cwd: dir,
      },
    );
    await server.waitFor(/ready/);
    assert.equal(
      server.stdout(),
      `spindle: 'exporter' serving http://127.0.0.1:${String(port)}/ServiceName (methods: getData)\n` +
        `spindle: ready — 1 exporter: http://127.0.0.1:${String(port)}/ServiceName (2 objects); stop with Ctrl-C\n`,
    );
    const proxy = createProxy(`http://127.0.0.1:${String(port)}/ServiceName`) as unknown as {
      getData(p: string): Promise<string>;
    };
    assert.equal(await proxy.getData('hello'), 'YOU GOT HELLO');
    assert.equal(await server.stop('SIGTERM'), 0);
    assert.match(server.stdout(), /spindle: stopped\n$/);
    assert.equal(await isListening(port), false);
    const log = server.stderr();
    for (const line of [
      /DEBUG reading context file .*server\.xml/,
      /DEBUG definition 'remoteService' at .*override\.xml:2:3 replaces the one at .*server\.xml:2:3/,
      /DEBUG definition 'exporter' \(class XmlRpcServiceExporter\)/,
      /DEBUG creating 'remoteService' \(class=\.\/service\.js#LoudService, scope=singleton\)/,
      /DEBUG creating 'exporter' \(class=XmlRpcServiceExporter/,
      /INFO exporting service \(url=http:\/\/127\.0\.0\.1:\d+\/ServiceName/,
      /INFO received SIGTERM; shutting down/,
      /DEBUG destroying 'exporter'/,
    ]) {
      assert.match(log, line);
    }
  });

  it('serves replica i on servicePort + i (the replica setting)', async () => {
    const port = await freePort();
    server = startNode(
      [spindle, 'run', 'server.xml', '--set', `PORT=${String(port - 2)}`, '--set', 'replica=2'],
      { cwd: dir },
    );
    await server.waitFor(/ready/);
    assert.match(server.stdout(), new RegExp(`serving http://127\\.0\\.0\\.1:${String(port)}/ServiceName`));
    assert.equal(await server.stop('SIGINT'), 0);
  });

  it('exits 1 printing every problem when the context is invalid', async () => {
    const result = await runNode([spindle, 'run', 'bad.xml'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `${join(dir, 'bad.xml')}:2:3: [x] unknown class 'Nope'; use a built-in, a registered name, or './module.js#Export'\n`,
    );
  });

  it('exits 1 when an exporter cannot listen, after closing the exporter that had started', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const taken = (blocker.address() as { port: number }).port;
      const free = await freePort();
      const result = await runNode(
        [
          spindle,
          'run',
          'two.xml',
          '--set',
          `FREE=${String(free)}`,
          '--set',
          `TAKEN=${String(taken)}`,
          '--log-level',
          'debug',
          '--log-format',
          'pretty',
        ],
        { cwd: dir },
      );
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /spindle run: cannot create 'second' \(.*two\.xml:7:3\): cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE\n$/,
      );
      assert.match(result.stderr, /ERROR the context failed to start; closing what was created/);
      assert.match(result.stderr, /DEBUG destroying 'first'/);
      assert.equal(await isListening(free), false);
    } finally {
      await new Promise<void>((resolve) =>
        blocker.close(() => {
          resolve();
        }),
      );
    }
  });

  it('exits 2 with usage for a bad option value', async () => {
    const result = await runNode([spindle, 'run', 'server.xml', '--set', 'novalue'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^spindle run: --set expects key=value, got 'novalue'\n/);
  });
});
