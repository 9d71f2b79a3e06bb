import assert from 'node:assert/strict';

import { Fault } from '../../src/codec/Fault.js';
import { SpindleError } from '../../src/common/SpindleError.js';
import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { createProxy, invokerOf } from '../../src/proxy/createProxy.js';
import type { FaultMap } from '../../src/proxy/faultMapping.js';
import { mapFault } from '../../src/proxy/faultMapping.js';
import type { Remote } from '../../src/proxy/Remote.js';
import { ProtocolError } from '../../src/transport/client/ProtocolError.js';
import { TransportError } from '../../src/rpc/TransportError.js';
import { freePort } from '../helpers/ports.js';
import type { TestServer } from '../helpers/rawServer.js';
import { startNetServer } from '../helpers/rawServer.js';
import { rejectionOf } from '../helpers/rejections.js';

class AppError extends Error {}
class NotEnoughCreditsError extends AppError {}
class AuthenticationError extends AppError {}
class ExpiredKeyError extends AuthenticationError {}
class CatchAllError extends AppError {}
class CommunicationError extends AppError {}

/** A service that answers every fault the tests map, by code and string. */
class Faulty {
  public fail(code: number, text: string): never {
    throw new Fault(code, text);
  }
  public echo(value: string): string {
    return value;
  }
}

interface FaultyApi {
  fail(code: number, text: string): unknown;
  echo(value: string): string;
}

/** A TCP server that reads a request and hangs up without answering: sent, outcome unknown. */
function hangUpServer(): Promise<TestServer> {
  return startNetServer((socket) => {
    socket.once('data', () => socket.destroy());
  });
}

describe('proxy fault mapping: faults and transport failures become the caller’s own classes', () => {
  let exporter: XmlRpcServiceExporter;
  const proxies: object[] = [];

  before(async () => {
    exporter = new XmlRpcServiceExporter({ service: new Faulty(), serviceName: 'Faulty', servicePort: 0 });
    await exporter.start();
  });
  after(async () => {
    await exporter.close();
  });
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => invokerOf(proxy).close()));
  });

  function proxy(options: Parameters<typeof createProxy>[1], url = exporter.url!): Remote<FaultyApi> {
    const made = createProxy<FaultyApi>(url, options);
    proxies.push(made);
    return made;
  }

  const faults: FaultMap = {
    '103': NotEnoughCreditsError,
    'Authentication failed': AuthenticationError,
    'Authentication failed: key expired': ExpiredKeyError,
  };

  it('maps a fault code to its class, with the fault string as message and the fault as cause', async () => {
    const error = await rejectionOf(proxy({ faults }).fail(103, 'Not enough vessel credits'));
    assert.ok(error instanceof NotEnoughCreditsError);
    assert.equal(error.message, 'Not enough vessel credits');
    assert.ok(error.cause instanceof Fault);
    assert.equal(error.cause.faultCode, 103);
  });

  it('maps a fault-string prefix, the longest prefix winning', async () => {
    const api = proxy({ faults });
    const plain = await rejectionOf(api.fail(1, 'Authentication failed: no such user'));
    assert.ok(plain instanceof AuthenticationError);
    assert.ok(!(plain instanceof ExpiredKeyError));
    const expired = await rejectionOf(api.fail(1, 'Authentication failed: key expired yesterday'));
    assert.ok(expired instanceof ExpiredKeyError);
  });

  it('prefers a code match to a prefix match', async () => {
    const error = await rejectionOf(proxy({ faults }).fail(103, 'Authentication failed, and no credits'));
    assert.ok(error instanceof NotEnoughCreditsError);
  });

  it('leaves an unmapped fault a Fault, and a result a result', async () => {
    const api = proxy({ faults });
    const error = await rejectionOf(api.fail(104, 'Something else'));
    assert.ok(error instanceof Fault);
    assert.ok(!(error instanceof AppError));
    assert.equal(error.faultCode, 104);
    assert.equal(await api.echo('still fine'), 'still fine');
  });

  it('maps every other fault with the empty prefix, and takes a Map with number keys', async () => {
    const map = new Map<number | string, typeof CatchAllError>([
      [103, NotEnoughCreditsError],
      ['', CatchAllError],
    ]);
    const api = proxy({ faults: map });
    assert.ok((await rejectionOf(api.fail(103, 'x'))) instanceof NotEnoughCreditsError);
    const other = await rejectionOf(api.fail(-32500, 'boom'));
    assert.ok(other instanceof CatchAllError);
    assert.equal((other.cause as Fault).faultCode, -32500);
  });

  it('accepts an object of a class for the class (what a context file gives)', () => {
    const mapped = mapFault(new Fault(103, 'no credits'), {
      '103': new NotEnoughCreditsError() as unknown as typeof NotEnoughCreditsError,
    });
    assert.ok(mapped instanceof NotEnoughCreditsError);
    assert.equal(mapped.message, 'no credits');
  });

  it('refuses, when the proxy is made, a value that is not an Error class', () => {
    assert.throws(
      () => createProxy('http://127.0.0.1:1/', { faults: { '103': Date as unknown as typeof AppError } }),
      (error: unknown) =>
        SpindleError.is(error) && /faults\['103'\]: function is not an Error class/.test(error.message),
    );
    assert.throws(
      () =>
        createProxy('http://127.0.0.1:1/', {
          faults: { '103': './errors.ts#NotEnoughCreditsError' as unknown as typeof AppError },
        }),
      /write <object class="\.\/errors\.ts#NotEnoughCreditsError"\/>/,
    );
    assert.throws(
      () => createProxy('http://127.0.0.1:1/', { faults: [NotEnoughCreditsError] as unknown as FaultMap }),
      /faults must be a map of fault code or prefix to class/,
    );
    assert.throws(
      () => createProxy('http://127.0.0.1:1/', { transportErrorClass: 42 as unknown as typeof AppError }),
      /transportErrorClass: number is not an Error class/,
    );
  });

  describe('transportErrorClass', () => {
    let hangUp: TestServer | undefined;
    afterEach(async () => {
      await hangUp?.close();
      hangUp = undefined;
    });

    it('turns a refused connection into the class, the cause saying it was not executed', async () => {
      const url = `http://127.0.0.1:${String(await freePort())}/RPC2`;
      const error = await rejectionOf(
        proxy({ faults, transportErrorClass: CommunicationError }, url).echo('x'),
      );
      assert.ok(error instanceof CommunicationError);
      assert.ok(error.cause instanceof TransportError);
      assert.equal(error.cause.outcome, 'not-executed');
      assert.equal(error.message, error.cause.message);
    });

    it('keeps "outcome unknown" reachable when the server hangs up after the request', async () => {
      hangUp = await hangUpServer();
      const error = await rejectionOf(
        proxy({ transportErrorClass: CommunicationError }, hangUp.url).echo('x'),
      );
      assert.ok(error instanceof CommunicationError);
      assert.ok(error.cause instanceof TransportError);
      assert.equal(error.cause.outcome, 'unknown');
    });

    it('turns an HTTP error (a wrong path) into the class, the ProtocolError as cause', async () => {
      const wrongPath = exporter.url!.replace(/Faulty$/, 'Nowhere');
      const error = await rejectionOf(
        proxy({ transportErrorClass: CommunicationError }, wrongPath).echo('x'),
      );
      assert.ok(error instanceof CommunicationError);
      assert.ok(error.cause instanceof ProtocolError);
      assert.equal(error.cause.status, 404);
    });

    it('never touches faults: a fault is an answer, not a communication failure', async () => {
      const error = await rejectionOf(
        proxy({ transportErrorClass: CommunicationError }).fail(7, 'an answer'),
      );
      assert.ok(error instanceof Fault);
    });

    it('without it, a transport failure stays a TransportError', async () => {
      const url = `http://127.0.0.1:${String(await freePort())}/RPC2`;
      assert.ok((await rejectionOf(proxy({ faults }, url).echo('x'))) instanceof TransportError);
    });
  });
});
