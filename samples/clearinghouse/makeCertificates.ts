import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The files {@link makeCertificates} writes. */
export interface Certificates {
  /** The CA certificate clients trust (the seed's `cacert.pem`). */
  readonly caCertsFile: string;
  /** The server's private key. */
  readonly serverKey: string;
  /** The server's certificate, for 127.0.0.1, ::1 and localhost, signed by the CA. */
  readonly serverCert: string;
}

async function openssl(args: readonly string[]): Promise<void> {
  await run('openssl', args, { timeout: 30_000 });
}

/**
 * A throw-away CA and a server certificate signed by it, made with the
 * `openssl` command line into `dir` (a temporary directory: the keys are
 * never committed). Takes about a second.
 */
export async function makeCertificates(dir: string): Promise<Certificates> {
  await mkdir(dir, { recursive: true });
  const path = (name: string): string => join(dir, name);
  const key = (name: string): Promise<void> =>
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path(name)]);
  await writeFile(
    path('ca.cnf'),
    '[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE\n' +
      'keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
  );
  await writeFile(
    path('server.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' +
      'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n',
  );
  await Promise.all([key('ca-key.pem'), key('server-key.pem')]);
  await openssl([
    'req',
    '-new',
    '-x509',
    '-key',
    path('ca-key.pem'),
    '-subj',
    '/CN=Sample Clearinghouse CA',
    '-days',
    '2',
    '-config',
    path('ca.cnf'),
    '-extensions',
    'v3',
    '-out',
    path('cacert.pem'),
  ]);
  await openssl([
    'req',
    '-new',
    '-key',
    path('server-key.pem'),
    '-subj',
    '/CN=localhost',
    '-config',
    path('ca.cnf'),
    '-out',
    path('server.csr'),
  ]);
  await openssl([
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('cacert.pem'),
    '-CAkey',
    path('ca-key.pem'),
    '-set_serial',
    `0x${randomBytes(12).toString('hex')}`,
    '-days',
    '2',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server-cert.pem'),
  ]);
  return {
    caCertsFile: path('cacert.pem'),
    serverKey: path('server-key.pem'),
    serverCert: path('server-cert.pem'),
  };
}
