import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import '../../src/builtins/index.js';
import { Fault } from '../../src/codec/Fault.js';
import type { Logger } from '../../src/common/Logger.js';
import { loadModuleClass } from '../../src/container/loadModuleClass.js';
import { ProtocolError } from '../../src/transport/client/ProtocolError.js';
import { TransportError } from '../../src/rpc/TransportError.js';
import { root, runNode } from '../helpers/nodeProcess.js';
import { freePort } from '../helpers/ports.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';

const sampleDir = join(root, 'samples', 'clearinghouse');

// The sample's own TypeScript modules, loaded the way the container loads
// `class="./errors.ts#…"`, so these are the very classes client.xml maps to.
async function load<T>(file: string, name: string): Promise<T> {
  return (await loadModuleClass({ path: join(sampleDir, file), exportName: name })) as T;
}

type ErrorClass = new (message: string) => Error;

interface VesselInfo {
  node_ip: string;
  node_port: number;
  vessel_id: string;
  node_id: string;
  handle: string;
  expires_in_seconds: number;
}

interface Client {
  acquire_lan_resources(count: number): Promise<VesselInfo[]>;
  acquire_wan_resources(count: number): Promise<VesselInfo[]>;
  acquire_nat_resources(count: number): Promise<VesselInfo[]>;
  acquire_random_resources(count: number): Promise<VesselInfo[]>;
  acquire_specific_vessels(handles: readonly string[]): Promise<VesselInfo[]>;
  release_resources(handles: readonly string[]): Promise<void>;
  renew_resources(handles: readonly string[]): Promise<void>;
  get_resource_info(): Promise<VesselInfo[]>;
  get_account_info(): Promise<{ user_name: string; max_vessels: number; user_port: number }>;
  get_public_key(): Promise<string>;
  close(): Promise<void>;
}

interface ClientOptions {
  username: string;
  apiKey: string;
  xmlrpcUrl?: string;
  caCertsFile?: string;
  allowSslInsecure?: boolean;
  logger?: Logger;
}

interface Certificates {
  caCertsFile: string;
  serverKey: string;
  serverCert: string;
}

interface Sample {
  open(options: ClientOptions): Promise<Client>;
  makeCertificates(dir: string): Promise<Certificates>;
  startServer(
    options: Certificates & {
      aliceApiKey: string;
      port: number;
      settings?: Record<string, string>;
    },
  ): Promise<{ url: string; close(): Promise<void> }>;
  main(options: ClientOptions, print: (line: string) => void): Promise<number>;
  errors: Record<
    | 'ClearinghouseError'
    | 'CommunicationError'
    | 'InternalError'
    | 'AuthenticationError'
    | 'InvalidRequestError'
    | 'NotEnoughCreditsError'
    | 'UnableToAcquireResourcesError',
    ErrorClass
  >;
}

async function loadSample(): Promise<Sample> {
  const ClearinghouseClient = await load<{ open: Sample['open'] }>(
    'ClearinghouseClient.ts',
    'ClearinghouseClient',
  );
  const names = [
    'ClearinghouseError',
    'CommunicationError',
    'InternalError',
    'AuthenticationError',
    'InvalidRequestError',
    'NotEnoughCreditsError',
    'UnableToAcquireResourcesError',
  ] as const;
  const errors = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await load<ErrorClass>('errors.ts', name)] as const)),
  ) as Sample['errors'];
  return {
    open: (options) => ClearinghouseClient.open(options),
    makeCertificates: await load('makeCertificates.ts', 'makeCertificates'),
    startServer: await load('server.ts', 'startServer'),
    main: await load('example.ts', 'main'),
    errors,
  };
}

/** The error a call rejects with. */
async function errorOf(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('samples/clearinghouse: a typed client library over HTTPS, wired by a context file', function () {
  this.timeout(60_000);
  let dir: string;
  let sample: Sample;
  let certificates: Certificates;
  let server: { url: string; close(): Promise<void> };
  const apiKey = randomBytes(16).toString('hex');
  const clients: Client[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-clearinghouse-test-'));
    sample = await loadSample();
    certificates = await sample.makeCertificates(join(dir, 'pki'));
    server = await sample.startServer({ ...certificates, aliceApiKey: apiKey, port: 0 });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // Give every vessel back, so each test starts with alice holding none.
    const cleaner = await sample.open({ username: 'alice', apiKey, xmlrpcUrl: server.url, ...ca() });
    const held = await cleaner.get_resource_info();
    if (held.length > 0) await cleaner.release_resources(held.map((vessel) => vessel.handle));
    await cleaner.close();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  function ca(): { caCertsFile: string } {
    return { caCertsFile: certificates.caCertsFile };
  }

  async function open(options: Partial<ClientOptions> = {}): Promise<Client> {
    const client = await sample.open({
      username: 'alice',
      apiKey,
      xmlrpcUrl: server.url,
      ...ca(),
      ...options,
    });
    clients.push(client);
    return client;
  }

  /** Asserts the domain class, the base class, and the fault code kept as cause. */
  function assertDomainError(error: Error, name: keyof Sample['errors'], code?: number): void {
    assert.ok(error instanceof sample.errors[name], `${error.name}: ${error.message} is not a ${name}`);
    assert.ok(error instanceof sample.errors.ClearinghouseError);
    assert.equal(error.name, name);
    if (code !== undefined) {
      assert.ok(error.cause instanceof Fault);
      assert.equal(error.cause.faultCode, code);
    }
  }

  it('one command runs the seed example end to end: certificates, HTTPS server, client, teardown', async () => {
    const result = await runNode(['--import', 'tsx', 'samples/clearinghouse/run.ts'], {
      cwd: root,
      timeoutMs: 50_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^Clearinghouse serving https:\/\/127\.0\.0\.1:\d+\/xmlrpc$/);
    assert.match(lines[1]!, /^Account info: \{"user_port":63139,"user_name":"alice","max_vessels":4,/);
    assert.equal(lines[2], 'Vessels already acquired: []');
    assert.equal(lines[3], 'Number of vessels this account has available to acquire: 4');
    assert.match(lines[4]!, /^Acquired WAN vessel: \[\{"node_ip":"198\.51\.100\.\d+"/);
    assert.deepEqual(lines.slice(5, 7), [
      'Renewed the vessel we just acquired.',
      'Summary of all of our acquired vessels:',
    ]);
    assert.equal(lines.filter((line) => / expires in 60\d{4} seconds\.$/.test(line)).length, 2);
    assert.equal(lines.at(-1), 'Released the vessel we just acquired.');
  });

  it('the example flow in-process: renewed for seven days, released at the end', async () => {
    const lines: string[] = [];
    assert.equal(
      await sample.main({ username: 'alice', apiKey, xmlrpcUrl: server.url, ...ca() }, (line) =>
        lines.push(line),
      ),
      0,
    );
    assert.ok(lines.includes('Renewed the vessel we just acquired.'), lines.join('\n'));
    assert.equal(lines.at(-1), 'Released the vessel we just acquired.');
    assert.deepEqual(await (await open()).get_resource_info(), []);
  });

  it('the example reports a Clearinghouse error by name instead of crashing', async () => {
    const lines: string[] = [];
    const code = await sample.main(
      { username: 'alice', apiKey: 'wrong', xmlrpcUrl: server.url, ...ca() },
      (line) => lines.push(line),
    );
    assert.equal(code, 1);
    assert.deepEqual(lines, ['AuthenticationError: Authentication failed: invalid username or API key']);
  });

  it('every method of the seed works against the server', async () => {
    const client = await open();
    assert.equal((await client.get_account_info()).user_name, 'alice');
    assert.match(await client.get_public_key(), /^65537 \d+$/);
    const lan = await client.acquire_lan_resources(1);
    const random = await client.acquire_random_resources(1);
    assert.match(lan[0]!.node_ip, /^10\.0\.1\.\d+$/);
    assert.equal(lan[0]!.handle, `${lan[0]!.node_id}:${lan[0]!.vessel_id}`);
    assert.ok(lan[0]!.expires_in_seconds > 4 * 3600 - 60 && lan[0]!.expires_in_seconds <= 4 * 3600);
    await client.release_resources([lan[0]!.handle]);
    const again = await client.acquire_specific_vessels([lan[0]!.handle]);
    assert.deepEqual(
      again.map((vessel) => vessel.handle),
      [lan[0]!.handle],
    );
    await client.renew_resources([lan[0]!.handle, random[0]!.handle]);
    const held = await client.get_resource_info();
    assert.deepEqual(held.map((vessel) => vessel.handle).sort(), [lan[0]!.handle, random[0]!.handle].sort());
    assert.ok(held.every((vessel) => vessel.expires_in_seconds > 7 * 24 * 3600 - 60));
  });

  it('a wrong API key or an unknown user: AuthenticationError (fault 101)', async () => {
    assertDomainError(
      await errorOf((await open({ apiKey: 'not-the-key' })).get_account_info()),
      'AuthenticationError',
      101,
    );
    assertDomainError(
      await errorOf((await open({ username: 'mallory' })).get_account_info()),
      'AuthenticationError',
      101,
    );
  });

  it('a bad count or a handle that is not yours: InvalidRequestError (fault 102)', async () => {
    const client = await open();
    const zero = await errorOf(client.acquire_lan_resources(0));
    assertDomainError(zero, 'InvalidRequestError', 102);
    assert.match(zero.message, /number_of_nodes must be a positive integer/);
    assertDomainError(await errorOf(client.release_resources(['nope:v1'])), 'InvalidRequestError', 102);
    const [vessel] = await client.acquire_wan_resources(1);
    await client.release_resources([vessel!.handle]);
    assertDomainError(await errorOf(client.renew_resources([vessel!.handle])), 'InvalidRequestError', 102);
  });

  it('credits run out: NotEnoughCreditsError (fault 103), and nothing more is acquired', async () => {
    const client = await open();
    await client.acquire_wan_resources(2);
    const error = await errorOf(client.acquire_lan_resources(3));
    assertDomainError(error, 'NotEnoughCreditsError', 103);
    assert.match(error.message, /may hold 4 vessels, holds 2 and asked for 3 more/);
    assert.equal((await client.get_resource_info()).length, 2);
    assert.equal((await client.acquire_lan_resources(2)).length, 2);
  });

  it('not enough free vessels of a kind: UnableToAcquireResourcesError (fault 105)', async () => {
    const error = await errorOf((await open()).acquire_nat_resources(3));
    assertDomainError(error, 'UnableToAcquireResourcesError', 105);
    assert.match(error.message, /Unable to acquire 3 nat vessels: 2 available/);
  });

  it('a server-side bug: InternalError (fault 100), without the server’s details', async () => {
    const broken = await sample.startServer({
      ...certificates,
      aliceApiKey: apiKey,
      port: 0,
      settings: { ALICE_PUBLIC_KEY: '' },
    });
    try {
      const error = await errorOf((await open({ xmlrpcUrl: broken.url })).get_public_key());
      assertDomainError(error, 'InternalError', 100);
      assert.equal(error.message, 'Internal error in the Clearinghouse');
    } finally {
      await broken.close();
    }
  });

  describe('communication failures: CommunicationError, the transport error as cause', () => {
    function assertCommunication(error: Error, outcome: string): TransportError {
      assertDomainError(error, 'CommunicationError');
      assert.ok(error.cause instanceof TransportError, String(error.cause));
      assert.equal(error.cause.outcome, outcome);
      return error.cause;
    }

    it('nothing listening: not executed', async () => {
      const url = `https://127.0.0.1:${String(await freePort())}/xmlrpc`;
      assertCommunication(await errorOf((await open({ xmlrpcUrl: url })).get_account_info()), 'not-executed');
    });

    it('a wrong path: the HTTP 404, not executed', async () => {
      const url = server.url.replace(/xmlrpc$/, 'nothing-here');
      const cause = assertCommunication(
        await errorOf((await open({ xmlrpcUrl: url })).get_account_info()),
        'not-executed',
      );
      assert.ok(cause instanceof ProtocolError);
      assert.equal(cause.status, 404);
    });

    it('a server certificate from a CA not in the CA file: refused, not executed', async () => {
      const other = await sample.makeCertificates(join(dir, 'other-pki'));
      const client = await open({ caCertsFile: other.caCertsFile });
      const cause = assertCommunication(await errorOf(client.get_account_info()), 'not-executed');
      assert.match(cause.message, /certificate|TLS/i);
    });
  });

  describe('TLS options as the Clearinghouse client offers them', () => {
    it('the CA file is checked when the client is opened: a missing one fails at once', async () => {
      const error = await errorOf(open({ caCertsFile: join(dir, 'no-such-cacert.pem') }));
      assertDomainError(error, 'InternalError');
      assert.match(error.message, /tls\.ca: .*no-such-cacert\.pem' is neither PEM text nor a readable file/);
    });

    it('allowSslInsecure must be asked for by name: it then skips verification and warns', async () => {
      const logger = new RecordingLogger();
      const insecure = await open({
        caCertsFile: join(dir, 'no-such-cacert.pem'),
        allowSslInsecure: true,
        logger,
      });
      assert.equal(logger.messages('warn').length, 1);
      assert.match(logger.messages('warn')[0]!, /TLS verification is off \(tls\.insecure: true\)/);
      assert.equal((await insecure.get_account_info()).user_name, 'alice');
    });

    it('without it, the same untrusted server is refused and nothing is logged', async () => {
      const logger = new RecordingLogger();
      const other = await sample.makeCertificates(join(dir, 'third-pki'));
      const client = await open({ caCertsFile: other.caCertsFile, allowSslInsecure: false, logger });
      assertDomainError(await errorOf(client.get_account_info()), 'CommunicationError');
      assert.deepEqual(logger.messages('warn'), []);
    });
  });

  it('spindle check accepts both context files', async () => {
    const result = await runNode(
      [
        join(root, 'bin', 'spindle.js'),
        'check',
        'server.xml',
        'client.xml',
        // check reads the TLS files as run would: give it the ones the sample made.
        '--set',
        `SERVER_KEY=${certificates.serverKey}`,
        '--set',
        `SERVER_CERT=${certificates.serverCert}`,
        '--set',
        'ALICE_API_KEY=x',
        '--set',
        `CA_CERTS_FILE=${certificates.caCertsFile}`,
      ],
      { cwd: sampleDir },
    );
    assert.equal(result.code, 0, result.stderr + result.stdout);
  });
});
