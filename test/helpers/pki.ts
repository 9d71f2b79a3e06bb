import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Paths of a throw-away PKI generated with `openssl` at test time, shaped like the
 * Spring Python secure XML-RPC chapter: root CA → signing CA → server and client
 * certificates, with `caChain` holding both CA certificates.
 */
export interface TestPki {
  /** The directory everything was written to. */
  readonly dir: string;
  readonly rootCaCert: string;
  readonly signingCaCert: string;
  /** Root and signing CA certificates concatenated: what both sides trust. */
  readonly caChain: string;
  /** Server key and certificate; SAN `127.0.0.1`, `::1` and `localhost`, CN `localhost`. */
  readonly serverKey: string;
  readonly serverCert: string;
  /** The good client: CN "My Client", O "My Company", ST "My State". */
  readonly clientKey: string;
  readonly clientCert: string;
  /** Same chain, but organizationName "Other Company". */
  readonly wrongClientKey: string;
  readonly wrongClientCert: string;
  /** Right fields, but issued by a CA nobody trusts. */
  readonly untrustedClientKey: string;
  readonly untrustedClientCert: string;
  readonly untrustedCaCert: string;
  /** Right chain and fields, plus a second commonName "Intruder". */
  readonly duplicateClientKey: string;
  readonly duplicateClientCert: string;
}

/** The subject fields the good client certificate carries (Spring Python's example). */
export const CLIENT_FIELDS = {
  commonName: 'My Client',
  organizationName: 'My Company',
  stateOrProvinceName: 'My State',
} as const;

const caExtensions = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid:always',
].join('\n');

const serverExtensions = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=serverAuth',
  'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid:always',
].join('\n');

const clientExtensions = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=clientAuth',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid:always',
].join('\n');

async function openssl(args: readonly string[]): Promise<void> {
  await run('openssl', args, { timeout: 20_000 });
}

/** A fresh P-256 key (fast to generate, accepted by Node and Python alike). */
async function makeKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

async function selfSignedCa(dir: string, name: string, subject: string): Promise<void> {
  await makeKey(join(dir, `${name}-key.pem`));
  await openssl([
    'req',
    '-new',
    '-x509',
    '-key',
    join(dir, `${name}-key.pem`),
    '-subj',
    subject,
    '-days',
    '2',
    '-out',
    join(dir, `${name}-cert.pem`),
    '-extensions',
    'v3',
    '-config',
    await minimalConfig(dir, name, caExtensions),
  ]);
}

/** `openssl req -x509` reads extensions from a config section; write the smallest one. */
async function minimalConfig(dir: string, name: string, extensions: string): Promise<string> {
  const path = join(dir, `${name}.cnf`);
  await writeFile(path, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${extensions}\n`);
  return path;
}

async function issue(
  dir: string,
  name: string,
  subject: string,
  issuer: string,
  extensions: string,
): Promise<void> {
  const key = join(dir, `${name}-key.pem`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await makeKey(key);
  await writeFile(ext, extensions);
  await openssl([
    'req',
    '-new',
    '-key',
    key,
    '-subj',
    subject,
    '-out',
    csr,
    '-config',
    await minimalConfig(dir, name, ''),
  ]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(dir, `${issuer}-cert.pem`),
    '-CAkey',
    join(dir, `${issuer}-key.pem`),
    // A random serial per certificate: -CAcreateserial shares one .srl file, which races when issuing in parallel.
    '-set_serial',
    `0x${randomBytes(12).toString('hex')}`,
    '-days',
    '2',
    '-extfile',
    ext,
    '-out',
    join(dir, `${name}-cert.pem`),
  ]);
}

/**
 * Generates the whole PKI into `dir` (created when missing) with the `openssl`
 * command line. Takes about a second; call it once per test file in `before`.
 */
export async function generateTestPki(dir: string): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  await Promise.all([
    selfSignedCa(dir, 'ca-root', '/CN=Spindle Test Root CA/O=Spindle Tests'),
    selfSignedCa(dir, 'untrusted-ca', '/CN=Untrusted CA/O=Elsewhere'),
  ]);
  await issue(dir, 'ca-signing', '/CN=Spindle Test Signing CA/O=Spindle Tests', 'ca-root', caExtensions);
  const good = '/CN=My Client/O=My Company/ST=My State';
  await Promise.all([
    issue(dir, 'server', '/CN=localhost/O=Spindle Tests', 'ca-signing', serverExtensions),
    issue(dir, 'client', good, 'ca-signing', clientExtensions),
    issue(dir, 'wrong-client', '/CN=My Client/O=Other Company/ST=My State', 'ca-signing', clientExtensions),
    issue(dir, 'untrusted-client', good, 'untrusted-ca', clientExtensions),
    issue(dir, 'duplicate-client', `${good}/CN=Intruder`, 'ca-signing', clientExtensions),
  ]);
  const chain = join(dir, 'ca-chain.pem');
  const [root, signing] = await Promise.all([
    readFile(join(dir, 'ca-root-cert.pem'), 'utf8'),
    readFile(join(dir, 'ca-signing-cert.pem'), 'utf8'),
  ]);
  await writeFile(chain, `${signing}${root}`);
  const path = (name: string): string => join(dir, name);
  return {
    dir,
    rootCaCert: path('ca-root-cert.pem'),
    signingCaCert: path('ca-signing-cert.pem'),
    caChain: chain,
    serverKey: path('server-key.pem'),
    serverCert: path('server-cert.pem'),
    clientKey: path('client-key.pem'),
    clientCert: path('client-cert.pem'),
    wrongClientKey: path('wrong-client-key.pem'),
    wrongClientCert: path('wrong-client-cert.pem'),
    untrustedClientKey: path('untrusted-client-key.pem'),
    untrustedClientCert: path('untrusted-client-cert.pem'),
    untrustedCaCert: path('untrusted-ca-cert.pem'),
    duplicateClientKey: path('duplicate-client-key.pem'),
    duplicateClientCert: path('duplicate-client-cert.pem'),
  };
}
