import assert from 'node:assert/strict';
import { Writable } from 'node:stream';

import { createLogger } from '../../src/observability/createLogger.js';
import { prettyLogLine } from '../../src/observability/prettyLogLine.js';
import { redactSecrets, redactText } from '../../src/observability/redactSecrets.js';

/** A stream that keeps what is written, optionally pretending to be a terminal. */
function memoryStream(isTTY = false): Writable & { text(): string; isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text(): string; isTTY: boolean };
  stream.text = () => chunks.join('');
  stream.isTTY = isTTY;
  return stream;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

describe('observability: structured logs', () => {
  it('writes one JSON object per line off a terminal, with level, time, message and fields', () => {
    const stream = memoryStream();
    const logger = createLogger({ stream, level: 'debug' });
    logger.info('call', { service: 'Calc', method: 'add', requestId: 'r-1' });
    logger.debug('detail');
    const [first, second] = jsonLines(stream.text());
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(first['level'], 'info');
    assert.equal(first['msg'], 'call');
    assert.equal(first['service'], 'Calc');
    assert.equal(first['requestId'], 'r-1');
    assert.match(String(first['time']), /^\d{4}-\d\d-\d\dT/);
    assert.equal(second['level'], 'debug');
  });

  it('drops lines below the level and writes nothing when silent', () => {
    const stream = memoryStream();
    const logger = createLogger({ stream, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    assert.deepEqual(
      jsonLines(stream.text()).map((line) => line['msg']),
      ['shown'],
    );
    assert.equal(logger.isEnabled('info'), false);
    const quiet = memoryStream();
    const silent = createLogger({ stream: quiet, level: 'silent' });
    silent.error('nothing');
    assert.equal(quiet.text(), '');
  });

  it('writes a readable line on a terminal, coloured unless NO_COLOR', () => {
    const tty = memoryStream(true);
    createLogger({ stream: tty, level: 'info', color: false }).warn('member ejected', {
      member: 'http://h:1/S',
    });
    assert.match(
      tty.text(),
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN member ejected \(member=http:\/\/h:1\/S\)\n$/,
    );
    const coloured = memoryStream(true);
    createLogger({ stream: coloured, level: 'info', color: true }).error('boom');
    assert.ok(coloured.text().includes('\u001b[31mERROR\u001b[39m boom'), coloured.text());
    assert.equal(prettyLogLine('not json\n', false), 'not json\n');
  });

  it('never logs passwords, keys, Authorization values or URL credentials', () => {
    const stream = memoryStream();
    const logger = createLogger({ stream, level: 'debug' });
    logger.info('connecting to https://alice:s3cret-pw@db.example/x and http://AKIAKEY123@api.example/', {
      password: 's3cret-pw',
      tls: { key: PEM, passphrase: 'pp-secret', ca: 'ca.pem' },
      headers: { Authorization: 'Basic YWxpY2U6czNjcmV0LXB3', 'X-Api-Key': 'k-123456' },
      auth: { users: { alice: 's3cret-pw' } },
      url: 'https://alice:s3cret-pw@db.example/path?apikey=k-123456&x=1',
      note: `raw header Authorization: Bearer eyJhbGciOi.payload.sig and ${PEM}`,
      error: new Error('refused for token=t0k3n-value'),
    });
    const text = stream.text();
    for (const secret of [
      's3cret-pw',
      'AKIAKEY123',
      'pp-secret',
      'YWxpY2U6czNjcmV0LXB3',
      'k-123456',
      'eyJhbGciOi',
      'MIIEvQ',
      't0k3n-value',
    ]) {
      assert.ok(!text.includes(secret), `log line leaks ${secret}: ${text}`);
    }
    const [line] = jsonLines(text);
    // What is not secret stays useful.
    assert.match(String(line?.['msg']), /https:\/\/\[redacted\]@db\.example\/x/);
    assert.equal((line?.['tls'] as Record<string, unknown>)['ca'], 'ca.pem');
    assert.match(String(line?.['url']), /db\.example\/path\?apikey=\[redacted\]&x=1/);
  });

  it('redacts inside arrays, errors and cycles without walking forever', () => {
    const cyclic: Record<string, unknown> = { secret: 'x-secret-x' };
    cyclic['self'] = cyclic;
    const out = JSON.stringify(redactSecrets({ list: [{ apiKey: 'abc' }], cyclic }));
    assert.ok(!out.includes('x-secret-x') && !out.includes('abc'));
    assert.equal(
      redactText('plain text with http://127.0.0.1:7000/S'),
      'plain text with http://127.0.0.1:7000/S',
    );
  });
});
