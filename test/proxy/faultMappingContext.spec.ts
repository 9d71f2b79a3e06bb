import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ApplicationContext } from '../../src/builtins/index.js';
import { Fault } from '../../src/codec/Fault.js';
import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { TransportError } from '../../src/rpc/TransportError.js';
import { freePort } from '../helpers/ports.js';
import { rejectionOf } from '../helpers/rejections.js';

/** The application's error classes, as a module a context file names with `path#Export`. */
const errorsModule = `
export class AppError extends Error {}
export class NotEnoughCreditsError extends AppError {}
export class AuthenticationError extends AppError {}
export class InternalError extends AppError {}
export class CommunicationError extends AppError {}
`;

const xmlContext = `<?xml version="1.0" encoding="UTF-8"?>
<objects xmlns="https://spindle.dev/schema/objects">
  <object id="api" class="XmlRpcProxyFactory">
    <property name="serviceUrl" value="\${URL}"/>
    <property name="faults">
      <dict>
        <entry key="103"><object class="./errors.mjs#NotEnoughCreditsError"/></entry>
        <entry key="Authentication failed"><object class="./errors.mjs#AuthenticationError"/></entry>
      </dict>
    </property>
    <property name="transportErrorClass"><object class="./errors.mjs#CommunicationError"/></property>
  </object>
</objects>
`;

/** The same files with one more entry: the empty prefix, which matches every fault. */
const catchAll: Record<string, [string, string]> = {
  'client.xml': [
    '</dict>',
    '  <entry key=""><object class="./errors.mjs#InternalError"/></entry>\n      </dict>',
  ],
  'client.yaml': [
    '      transportErrorClass:',
    "        '': {object: internal, class: ./errors.mjs#InternalError}\n      transportErrorClass:",
  ],
};

const yamlContext = `
objects:
  - object: api
    class: XmlRpcProxyFactory
    properties:
      serviceUrl: \${URL}
      faults:
        '103': {object: notEnoughCredits, class: ./errors.mjs#NotEnoughCreditsError}
        'Authentication failed': {object: authentication, class: ./errors.mjs#AuthenticationError}
      transportErrorClass: {object: communication, class: ./errors.mjs#CommunicationError}
`;

interface Api {
  fail(code: number, text: string): Promise<never>;
}

interface ErrorClasses {
  AppError: new () => Error;
  NotEnoughCreditsError: new () => Error;
  AuthenticationError: new () => Error;
  InternalError: new () => Error;
  CommunicationError: new () => Error;
}

describe('proxy fault mapping from a context file (classes given as path#Export objects)', () => {
  let dir: string;
  let errors: ErrorClasses;
  let exporter: XmlRpcServiceExporter;
  const contexts: ApplicationContext[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-faults-'));
    await writeFile(join(dir, 'errors.mjs'), errorsModule);
    await writeFile(join(dir, 'client.xml'), xmlContext);
    await writeFile(join(dir, 'client.yaml'), yamlContext);
    // The same URL the container imports, so these are the very classes it maps to.
    errors = (await import(pathToFileURL(join(dir, 'errors.mjs')).href)) as ErrorClasses;
    exporter = new XmlRpcServiceExporter({
      service: {
        fail(code: number, text: string): never {
          throw new Fault(code, text);
        },
      },
      methods: ['fail'],
      serviceName: 'Api',
      servicePort: 0,
    });
    await exporter.start();
  });
  after(async () => {
    await exporter.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((ctx) => ctx.close()));
  });

  async function load(file: string, settings: Record<string, string>): Promise<ApplicationContext> {
    const ctx = await ApplicationContext.load([join(dir, file)], { settings });
    contexts.push(ctx);
    return ctx;
  }

  for (const file of ['client.xml', 'client.yaml']) {
    it(`${file}: codes and prefixes map to the module's classes, other faults stay Faults`, async () => {
      const api = (await load(file, { URL: exporter.url! })).get<Api>('api');
      const credits = await rejectionOf(api.fail(103, 'Not enough credits'));
      assert.ok(credits instanceof errors.NotEnoughCreditsError);
      assert.ok(credits instanceof errors.AppError);
      assert.equal(credits.message, 'Not enough credits');
      assert.ok(credits.cause instanceof Fault);
      assert.ok(
        (await rejectionOf(api.fail(1, 'Authentication failed: bad key'))) instanceof
          errors.AuthenticationError,
      );
      const unmapped = await rejectionOf(api.fail(104, 'Something else'));
      assert.ok(unmapped instanceof Fault);
      assert.equal(unmapped.faultCode, 104);
    });

    it(`${file}: an empty key catches every other fault`, async () => {
      const [anchor, replacement] = catchAll[file]!;
      const variant = `catch-all-${file}`;
      const text = file === 'client.xml' ? xmlContext : yamlContext;
      await writeFile(join(dir, variant), text.replace(anchor, replacement));
      const api = (await load(variant, { URL: exporter.url! })).get<Api>('api');
      assert.ok((await rejectionOf(api.fail(104, 'Something else'))) instanceof errors.InternalError);
      assert.ok((await rejectionOf(api.fail(103, 'no credits'))) instanceof errors.NotEnoughCreditsError);
    });

    it(`${file}: a transport failure becomes the transportErrorClass, outcome in its cause`, async () => {
      const url = `http://127.0.0.1:${String(await freePort())}/Api`;
      const api = (await load(file, { URL: url })).get<Api>('api');
      const error = await rejectionOf(api.fail(1, 'never sent'));
      assert.ok(error instanceof errors.CommunicationError);
      assert.ok(error.cause instanceof TransportError);
      assert.equal(error.cause.outcome, 'not-executed');
    });
  }

  it('a class written as a plain path#Export string fails the load with the way to write it', async () => {
    const file = join(dir, 'string.xml');
    await writeFile(
      file,
      xmlContext.replace(
        '<entry key="103"><object class="./errors.mjs#NotEnoughCreditsError"/></entry>',
        '<entry key="103" value="./errors.mjs#NotEnoughCreditsError"/>',
      ),
    );
    await assert.rejects(
      ApplicationContext.load([file], { settings: { URL: exporter.url! } }),
      /faults\['103'\]: the text '\.\/errors\.mjs#NotEnoughCreditsError' is not an Error class; write <object class="\.\/errors\.mjs#NotEnoughCreditsError"\/>/,
    );
  });
});
