import assert from 'node:assert/strict';

import { XmlRpcServer } from '../../../src/index.js';
import { decodeResponse, encodeCall } from '../../../src/entries/codec.js';
import { rawExchange } from '../../helpers/rawHttp.js';

/** A string of `length` characters that spells out where each part of it sits. */
function marked(length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `<${i}>`;
  return text.slice(0, length);
}

describe('XmlRpcServer body assembly and answers', () => {
  let server: XmlRpcServer;
  let port: number;

  before(async () => {
    server = new XmlRpcServer({ port: 0 });
    server.registerFunction('echo', (value: string) => value);
    server.registerFunction('later', async (value: string) => Promise.resolve(`${value}!`));
    port = (await server.listen()).port;
  });

  after(async () => {
    await server.close();
  });

  it('reassembles a body sent in several pieces, in order, with Content-Length', async () => {
    const text = marked(20_000);
    const body = encodeCall('echo', [text]);
    const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`;
    const cuts = [0, 7, 5000, 12_345, body.length];
    const reply = await rawExchange(port, {
      parts: [
        { data: head },
        ...cuts.slice(1).map((end, i) => ({ data: body.subarray(cuts[i], end), delayMs: 15 })),
      ],
    });
    assert.equal(reply.status, 200);
    assert.equal(decodeResponse(reply.body), text);
  });

  it('reassembles a chunked body sent as several chunks', async () => {
    const text = marked(3000);
    const body = encodeCall('echo', [text]);
    const pieces = [body.subarray(0, 100), body.subarray(100, 1500), body.subarray(1500)];
    const reply = await rawExchange(port, {
      parts: [
        {
          data: 'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n',
        },
        ...pieces.map((piece) => ({
          data: Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]),
          delayMs: 10,
        })),
        { data: '0\r\n\r\n' },
      ],
    });
    assert.equal(reply.status, 200);
    assert.equal(decodeResponse(reply.body), text);
  });

  it('answers plain and async methods with text/xml, an exact Content-Length, and the caller’s X-Request-Id', async () => {
    for (const [method, expected] of [
      ['echo', 'hi'],
      ['later', 'hi!'],
    ] as const) {
      const body = encodeCall(method, ['hi']);
      for (const requestId of [undefined, 'req-42']) {
        const reply = await rawExchange(
          port,
          `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n` +
            `${requestId === undefined ? '' : `X-Request-Id: ${requestId}\r\n`}\r\n${body.toString()}`,
        );
        assert.equal(reply.status, 200);
        assert.equal(reply.headers['content-type'], 'text/xml');
        assert.equal(Number(reply.headers['content-length']), reply.body.length);
        assert.equal(reply.headers['x-request-id'], requestId);
        assert.equal(decodeResponse(reply.body), expected);
      }
    }
  });
});
