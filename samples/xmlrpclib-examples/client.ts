/**
 * The client examples of CPython's xmlrpclib page (seed 003), each against the
 * proxy that `client.xml` names, printing what the seed's code prints.
 *
 *   node --import tsx client.ts server.xml client.xml   (Spindle on both sides, one command)
 *   node --import tsx client.ts client.xml              (against `spindle run server.xml` or python/server.py)
 *
 * The `.yaml` files say the same as the `.xml` ones: `client.ts server.yaml client.yaml` works alike.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ApplicationContext, Fault, MultiCall, ProtocolError } from 'spindle';
import type { Remote, XmlRpcDateTime } from 'spindle';

import type { Arithmetic, ComplexAdder, SeedExamples } from './examples.js';
import { startHttpProxy, startWebServer } from './localServers.js';

/** The service at `/` as a caller sees it: dotted names are namespaces on the proxy. */
type ExamplesClient = Pick<SeedExamples, 'is_even' | 'today' | 'python_logo'> & {
  examples: { getStateName(n: number): string };
  currentTime: { getCurrentTime(): XmlRpcDateTime };
};

/** What the introspection example calls (the `system.` namespace of any proxy). */
interface Introspection {
  system: {
    listMethods(): string[];
    methodSignature(name: string): unknown;
    methodHelp(name: string): string;
  };
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** Runs every example with the context's proxies; `outDir` receives fetched_python_logo.png. */
export async function runExamples(context: ApplicationContext, outDir: string): Promise<void> {
  // The proxy reads date-times naive (decoding.dateTimes in the context file), so they arrive as XmlRpcDateTime.
  const proxy = context.get<Remote<ExamplesClient & Introspection, XmlRpcDateTime>>('proxy');

  console.log('== Boolean objects');
  console.log(`3 is even: ${String(await proxy.is_even(3))}`);
  console.log(`100 is even: ${String(await proxy.is_even(100))}`);

  console.log('== DateTime objects');
  const today: XmlRpcDateTime = await proxy.today();
  console.log(
    `Today: ${pad(today.day)}.${pad(today.month)}.${String(today.year)}, ${pad(today.hour)}:${pad(today.minute)}`,
  );

  console.log('== Binary objects');
  const logo = await proxy.python_logo();
  await writeFile(join(outDir, 'fetched_python_logo.png'), logo);
  console.log(
    `fetched_python_logo.png: ${String(logo.length)} bytes, PNG signature: ${String(logo.subarray(1, 4).toString('latin1') === 'PNG')}`,
  );

  console.log('== Fault objects');
  try {
    await context.get<Remote<ComplexAdder>>('faultProxy').add(2, 5);
    console.log('no fault?');
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    console.log('A fault occurred');
    console.log(`Fault code: ${String(error.faultCode)}`);
    console.log(`Fault string: ${error.faultString}`);
  }

  console.log('== ProtocolError objects');
  try {
    await context.get<Remote<{ some_method(): unknown }>>('webProxy').some_method();
    console.log('no protocol error?');
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    console.log('A protocol error occurred');
    console.log(`URL: ${error.url}`);
    console.log(`HTTP/HTTPS headers: content-type: ${String(error.headers['content-type'])}`);
    console.log(`Error code: ${String(error.status)}`);
    console.log(`Error message: ${error.statusMessage}`);
  }

  console.log('== MultiCall objects');
  const multicall = new MultiCall<Arithmetic>(context.get<Remote<Arithmetic>>('mathProxy'));
  multicall.add(7, 3);
  multicall.subtract(7, 3);
  multicall.multiply(7, 3);
  multicall.divide(7, 3);
  const [sum, difference, product, quotient] = [...(await multicall())] as number[];
  // %d in the seed: whole numbers, truncated.
  const d = (value: number | undefined): string => String(Math.trunc(value ?? NaN));
  console.log(`7+3=${d(sum)}, 7-3=${d(difference)}, 7*3=${d(product)}, 7/3=${d(quotient)}`);

  console.log('== Introspection');
  const names = await proxy.system.listMethods();
  console.log(`system.listMethods: ${names.filter((name) => !name.startsWith('system.')).join(', ')}`);
  console.log(
    `system.methodSignature('is_even'): ${JSON.stringify(await proxy.system.methodSignature('is_even'))}`,
  );
  console.log(`system.methodHelp('is_even'): ${await proxy.system.methodHelp('is_even')}`);

  console.log('== Example of client usage');
  console.log(await proxy.examples.getStateName(41));

  console.log('== ProxiedTransport');
  const time: XmlRpcDateTime = await context
    .get<Remote<ExamplesClient, XmlRpcDateTime>>('proxiedServer')
    .currentTime.getCurrentTime();
  console.log(`currentTime.getCurrentTime: ${time.value}`);
}

/** Starts the web server and the HTTP proxy, loads the context files, runs the examples. */
export async function main(
  files: readonly string[],
  settings: Record<string, string> = {},
  outDir = '.',
): Promise<void> {
  const web = await startWebServer();
  const httpProxy = await startHttpProxy();
  try {
    const context = await ApplicationContext.load(files, {
      settings: { ...settings, WEB_PORT: String(web.port), PROXY_PORT: String(httpProxy.port) },
    });
    try {
      await runExamples(context, outDir);
    } finally {
      await context.close();
    }
    console.log(`(the HTTP proxy forwarded: ${httpProxy.seen.join('; ')})`);
  } finally {
    await Promise.all([web.close(), httpProxy.close()]);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = process.argv.slice(2);
  await main(files.length > 0 ? files : ['server.xml', 'client.xml'], {}, process.env['OUT_DIR'] ?? '.');
}
