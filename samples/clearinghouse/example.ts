/**
 * The seed's example, ported: acquire, renew and release some vessels and
 * print information along the way.
 *
 *   CLEARINGHOUSE_USERNAME=alice CLEARINGHOUSE_API_KEY=… XMLRPC_URL=https://127.0.0.1:8443/xmlrpc CA_CERTS_FILE=cacert.pem \
 *     node --import tsx example.ts
 *
 * (`run.ts` starts a local server and runs this against it in one command.)
 */
import { pathToFileURL } from 'node:url';

import type { ClearinghouseClientOptions } from './ClearinghouseClient.js';
import {
  ClearinghouseClient,
  ClearinghouseError,
  NotEnoughCreditsError,
  UnableToAcquireResourcesError,
} from './ClearinghouseClient.js';

/** Where the example prints (a test passes its own). */
export type Print = (line: string) => void;

/** The seed's `do_example_acquire_renew_release`. */
export async function doExampleAcquireRenewRelease(
  options: ClearinghouseClientOptions,
  print: Print = console.log,
): Promise<void> {
  const client = await ClearinghouseClient.open(options);
  try {
    // Obtain general information about the account corresponding to the username and API key.
    const accountInfo = await client.get_account_info();
    print(`Account info: ${JSON.stringify(accountInfo)}`);

    // Obtain information on vessels already acquired by this account: a list of
    // objects, each describing a vessel.
    const alreadyAcquiredVessels = await client.get_resource_info();
    print(`Vessels already acquired: ${JSON.stringify(alreadyAcquiredVessels)}`);

    print(
      'Number of vessels this account has available to acquire: ' +
        String(accountInfo.max_vessels - alreadyAcquiredVessels.length),
    );

    // Attempt to acquire two vessels on WAN nodes.
    let newlyAcquiredVessels;
    try {
      newlyAcquiredVessels = await client.acquire_wan_resources(2);
    } catch (err) {
      if (err instanceof NotEnoughCreditsError) {
        print(`Couldn't acquire resources because we don't have enough vessel credits: ${err.message}`);
        return;
      }
      if (err instanceof UnableToAcquireResourcesError) {
        print(
          "Couldn't acquire vessels because Seattle Clearinghouse doesn't have enough " +
            `of what we asked for: ${err.message}`,
        );
        return;
      }
      throw err;
    }
    print(`Acquired WAN vessel: ${JSON.stringify(newlyAcquiredVessels)}`);

    const acquiredHandleList = newlyAcquiredVessels.map((infodict) => infodict.handle);

    // Attempt to renew the two vessels we just acquired.
    try {
      await client.renew_resources(acquiredHandleList);
    } catch (err) {
      // This is probably not going to happen immediately after acquiring vessels.
      if (!(err instanceof NotEnoughCreditsError)) throw err;
      print(`Couldn't renew vessels because we are over our vessel credit limit: ${err.message}`);
    }
    print('Renewed the vessel we just acquired.');

    print('Summary of all of our acquired vessels:');
    for (const vesselinfo of await client.get_resource_info()) {
      print(
        `Vessel ${vesselinfo.vessel_id} on nodemanager accessible at ${vesselinfo.node_ip}:` +
          `${String(vesselinfo.node_port)} expires in ${String(vesselinfo.expires_in_seconds)} seconds.`,
      );
    }

    // Release the two vessels we just acquired.
    await client.release_resources(acquiredHandleList);
    print('Released the vessel we just acquired.');
  } finally {
    await client.close();
  }
}

/** The seed's `main`: any Clearinghouse error is reported, never a stack trace. Returns the exit code. */
export async function main(options: ClearinghouseClientOptions, print: Print = console.log): Promise<number> {
  try {
    await doExampleAcquireRenewRelease(options, print);
    return 0;
  } catch (err) {
    // In a real script, you'd want to handle this. Could be an authentication error,
    // communication error, etc. Catch the fine-grained classes to do different things
    // based on what the actual problem was.
    if (!(err instanceof ClearinghouseError)) throw err;
    print(`${err.name}: ${err.message}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  process.exitCode = await main({
    username: env['CLEARINGHOUSE_USERNAME'] ?? 'alice',
    apiKey: env['CLEARINGHOUSE_API_KEY'] ?? '',
    ...(env['XMLRPC_URL'] === undefined ? {} : { xmlrpcUrl: env['XMLRPC_URL'] }),
    ...(env['CA_CERTS_FILE'] === undefined ? {} : { caCertsFile: env['CA_CERTS_FILE'] }),
    allowSslInsecure: env['ALLOW_SSL_INSECURE'] === 'true',
  });
}
