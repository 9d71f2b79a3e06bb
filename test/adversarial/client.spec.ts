import assert from 'node:assert/strict';

import { Fault } from '../../src/codec/index.js';
import { createProxy, invokerOf, XmlRpcClient } from '../../src/proxy/index.js';
import { ProtocolError } from '../../src/transport/client/index.js';
import { TransportError } from '../../src/rpc/TransportError.js';
import type { TestServer } from '../helpers/rawServer.js';
import { readRequest, startNetServer } from '../helpers/rawServer.js';
import { CLIENT_ATTACKS, CLIENT_LIMITS } from './clientAttacks.js';
import type { ClientAttack } from './clientAttacks.js';
import { recordFigures } from './recordFigures.js';

const GOOD =
  '<?xml version="1.0"?><methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>';

/** A server that plays `attack` on the first request it reads, and answers every later one properly. */
function hostileServer(attack: ClientAttack): Promise<TestServer> {
  let requests = 0;
  return startNetServer((socket) => {
    void readRequest(socket).then(() => {
      requests += 1;
      if (requests === 1) {
        attack.respond(socket);
        return;
      }
      socket.end(
        `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\nContent-Length: ${GOOD.length}\r\n\r\n${GOOD}`,
      );
    });
  });
}

function checkError(attack: ClientAttack, error: unknown): void {
  const expect = attack.expect;
  const what = `${attack.id} ${attack.title}`;
  if ('faultCode' in expect) {
    assert.ok(error instanceof Fault, `${what}: expected a Fault, got ${String(error)}`);
    assert.equal(error.faultCode, expect.faultCode);
    if (expect.faultString !== undefined) assert.equal(error.faultString, expect.faultString);
    assert.equal(Object.keys(error).includes('faultCause'), false, `${what}: faultCause is not kept`);
    return;
  }
  assert.ok(error instanceof TransportError, `${what}: expected a TransportError, got ${String(error)}`);
  assert.equal(error.code, expect.code, `${what}: ${error.message}`);
  if (expect.outcome !== undefined) assert.equal(error.outcome, expect.outcome, what);
  if (expect.status !== undefined) {
    assert.ok(error instanceof ProtocolError, what);
    assert.equal(error.status, expect.status);
  }
}

describe('adversarial: the proxy against hostile servers (D22, D28–D34, S12, S21)', function () {
  this.timeout(30_000);
  let passed = 0;
  after(() => {
    recordFigures('adversarial-client', { attacks: CLIENT_ATTACKS.length, passed });
  });

  for (const attack of CLIENT_ATTACKS) {
    it(`${attack.id} ${attack.title}`, async () => {
      const server = await hostileServer(attack);
      const proxy = createProxy<{ add(a: number, b: number): Promise<number> }>(server.url, {
        ...CLIENT_LIMITS,
      });
      try {
        const error = await proxy.add(2, 3).then(
          (value) => new Error(`the call resolved with ${JSON.stringify(value)}`),
          (reason: unknown) => reason,
        );
        checkError(attack, error);
        assert.equal(await proxy.add(2, 3), 5, 'the same proxy completes the next call');
        passed += 1;
      } finally {
        const invoker = invokerOf(proxy);
        if (invoker instanceof XmlRpcClient) await invoker.close();
        await server.close();
      }
    });
  }
});
