import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse, stringify } from 'yaml';

import { DnsmasqServer } from '../helpers/dnsmasq.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { root, runNode, spindleBin, startNode } from '../helpers/nodeProcess.js';
import { freePort } from '../helpers/ports.js';
import type { Container } from './kubernetesManifests.js';
import {
  classNames,
  deploymentManifest,
  finalStage,
  literalProperties,
  sampleDir,
  serviceManifest,
} from './kubernetesManifests.js';

/**
 * The health endpoints `spindle run` serves on every server it starts (the
 * lead's contract for this wave; HEALTHZ_PATH and READYZ_PATH in the server's
 * code once that work is merged).
 */
const HEALTHZ = '/healthz';
const READYZ = '/readyz';

const deployment = deploymentManifest();
const service = serviceManifest();
const container: Container = (() => {
  const first = deployment.spec.template.spec.containers[0];
  assert.ok(first !== undefined, 'the Deployment has a container');
  return first;
})();
const env = Object.fromEntries((container.env ?? []).map(({ name, value }) => [name, value ?? '']));
const servicePort = service.spec.ports[0];
const containerPort = container.ports?.find((port) => port.name === servicePort?.name);

/** A port of the pod as a probe or the Service names it: by name, or by number. */
function podPort(port: string | number | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

describe('samples/kubernetes', function () {
  this.timeout(60_000);
  const cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  it("runs server.yaml's exporter on the container port the Service publishes by name", async () => {
    assert.equal(deployment.spec.template.spec.containers.length, 1);
    assert.ok(servicePort !== undefined && containerPort !== undefined, 'the Service names a container port');
    const exporter = await literalProperties('server.yaml', 'exporter', env);
    assert.equal(Number(exporter.get('servicePort')), containerPort.containerPort);
    assert.equal(exporter.get('serviceHost'), '0.0.0.0', "listens on the pod's address, not only loopback");
    assert.equal(podPort(servicePort.targetPort), containerPort.containerPort);
    assert.equal(
      servicePort.port,
      containerPort.containerPort,
      'SRV records and the Service agree on the port',
    );
    assert.equal(servicePort.protocol, 'TCP');
    assert.equal(containerPort.protocol, 'TCP');
  });

  it('probes readiness on GET /readyz and liveness on GET /healthz, on the exporter port', async () => {
    const exporter = await literalProperties('server.yaml', 'exporter', env);
    const port = Number(exporter.get('servicePort'));
    assert.equal(container.readinessProbe?.httpGet?.path, READYZ);
    assert.equal(podPort(container.readinessProbe.httpGet.port), port);
    assert.equal(container.livenessProbe?.httpGet?.path, HEALTHZ);
    assert.equal(podPort(container.livenessProbe.httpGet.port), port);
  });

  it("is a headless Service selecting the Deployment's pods, publishing only ready ones", () => {
    assert.equal(service.spec.clusterIP, 'None');
    assert.notEqual(service.spec.publishNotReadyAddresses, true);
    const labels = deployment.spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(labels[key], value, key);
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels))
      assert.equal(labels[key], value, key);
  });

  it("client.yaml asks for the Service's SRV name and the exporter's path and idempotent methods", async () => {
    const discovery = await literalProperties('client.yaml', 'discovery', {});
    const namespace = service.metadata.namespace ?? 'default';
    assert.equal(
      discovery.get('name'),
      `_${servicePort?.name ?? ''}._${(servicePort?.protocol ?? '').toLowerCase()}.${service.metadata.name}.${namespace}.svc.cluster.local`,
    );
    const exporter = await literalProperties('server.yaml', 'exporter', env);
    assert.equal(discovery.get('path'), `/${String(exporter.get('serviceName'))}`);
    const pool = await literalProperties('client.yaml', 'calculator', {});
    assert.deepEqual(pool.get('idempotent'), exporter.get('idempotent'));
  });

  it('builds an image whose command is spindle run server.yaml, holding every file the contexts name, that the Deployment runs', async () => {
    const stage = finalStage();
    const last = (keyword: string): string =>
      stage.filter((instruction) => instruction.keyword === keyword).at(-1)?.args ?? '';
    const entrypoint = JSON.parse(last('ENTRYPOINT')) as string[];
    const cmd = JSON.parse(last('CMD')) as string[];
    assert.deepEqual(
      [...entrypoint, ...cmd],
      ['node', '/spindle/bin/spindle.js', 'run', 'server.yaml', '--drain-delay', '10000'],
    );
    // The drain delay and the drain itself must fit in the grace period before Kubernetes' SIGKILL.
    const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    assert.ok(Number(cmd.at(-1)) + 10_000 <= grace * 1000, `--drain-delay fits in ${String(grace)} s`);
    assert.equal(container.command, undefined, "the Deployment keeps the image's command");
    assert.equal(container.args, undefined);
    assert.equal(Number(last('EXPOSE')), containerPort?.containerPort);
    // runAsNonRoot can only be checked against a numeric user.
    if (container.securityContext?.runAsNonRoot === true) assert.match(last('USER'), /^[1-9]\d*(:\d+)?$/);
    const copied = stage
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.startsWith('--from'))
      .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    const modules = [...(await classNames('server.yaml')), ...(await classNames('client.yaml'))]
      .filter((name) => name.includes('#'))
      .map((name) => name.slice(0, name.indexOf('#')).replace(/^\.\//, ''));
    for (const file of ['server.yaml', 'client.yaml', 'client.ts', ...modules])
      assert.ok(copied.includes(`samples/kubernetes/${file}`), `the image holds ${file}`);
    for (const file of copied) assert.ok(existsSync(join(root, file)), `${file} exists`);
    // The tag the Dockerfile's build line gives is the image the Deployment runs.
    const dockerfile = readFileSync(join(sampleDir, 'Dockerfile'), 'utf8');
    assert.match(
      dockerfile,
      new RegExp(`docker build -f samples/kubernetes/Dockerfile -t ${container.image} \\.`),
    );
  });

  it("spindle check passes server.yaml in the pod's environment, and client.yaml", async () => {
    for (const [file, extra] of [
      ['server.yaml', env],
      ['client.yaml', {}],
    ] as const) {
      const result = await runNode([spindleBin, 'check', file], { cwd: sampleDir, env: extra });
      assert.equal(result.code, 0, `${file}: ${result.stdout}${result.stderr}`);
    }
  });

  it('client.ts with client.yaml calls pods running spindle run server.yaml, found through SRV records like the Service publishes', async () => {
    const port = await freePort();
    const name = service.metadata.name;
    const domain = `${name}.default.svc.cluster.local`;
    const pods: RunningProcess[] = [];
    for (const [index, address] of ['127.0.0.2', '127.0.0.3'].entries()) {
      // What the container runs, in the pod's environment, on a loopback address of its own.
      const pod = startNode([spindleBin, 'run', 'server.yaml'], {
        cwd: sampleDir,
        env: { ...env, HOST: address, PORT: String(port), HOSTNAME: `${name}-${String(index)}` },
      });
      cleanup.push(() => pod.stop('SIGTERM', 20_000));
      pods.push(pod);
    }
    for (const pod of pods) await pod.waitFor(/spindle: ready/, 45_000);
    // What cluster DNS answers for the headless Service: one SRV record per ready pod.
    const srvName = `_${servicePort?.name ?? ''}._tcp.${domain}`;
    const dns = await DnsmasqServer.start(
      {
        hosts: [
          ['127.0.0.2', `127-0-0-2.${domain}`],
          ['127.0.0.3', `127-0-0-3.${domain}`],
        ],
        srv: [
          { name: srvName, target: `127-0-0-2.${domain}`, port },
          { name: srvName, target: `127-0-0-3.${domain}`, port },
        ],
      },
      5,
      ['cluster.local'],
    );
    cleanup.push(() => dns.dispose());
    // client.yaml as it is, asking this DNS server rather than the system's.
    const dir = mkdtempSync(join(tmpdir(), 'spindle-k8s-client-'));
    cleanup.push(() => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const context = parse(readFileSync(join(sampleDir, 'client.yaml'), 'utf8')) as {
      objects: { object: string; properties: Record<string, unknown> }[];
    };
    const discovery = context.objects.find((object) => object.object === 'discovery');
    assert.ok(discovery !== undefined);
    discovery.properties['servers'] = [dns.address];
    writeFileSync(join(dir, 'client.yaml'), stringify(context));

    const client = await runNode(
      ['--import', 'tsx', 'client.ts', join(dir, 'client.yaml'), '--calls', '8', '--interval', '20'],
      { cwd: sampleDir, timeoutMs: 45_000 },
    );
    assert.match(client.stdout, /done: 0 failed call\(s\)/, `${client.stdout}${client.stderr}`);
    assert.match(
      client.stdout,
      new RegExp(
        `members: http://127\\.0\\.0\\.2:${String(port)}/Calculator, http://127\\.0\\.0\\.3:${String(port)}/Calculator`,
      ),
    );
    assert.match(client.stdout, /^2 \+ 3 = 5$/m);
    assert.match(client.stdout, /^call 7: calculator-\d$/m);
    const seen = new Set(client.stdout.match(/^call \d: calculator-\d$/gm)?.map((line) => line.slice(-12)));
    assert.equal(seen.size, 2, `both pods answered: ${client.stdout}`);
    for (const pod of pods) assert.equal(await pod.stop('SIGTERM', 20_000), 0, pod.stderr());
  });
});
