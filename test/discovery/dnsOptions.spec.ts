import assert from 'node:assert/strict';

import { DnsDiscovery } from '../../src/discovery/dns/DnsDiscovery.js';
import type { DnsDiscoveryOptions } from '../../src/discovery/dns/DnsDiscoveryOptions.js';

describe('DnsDiscovery options given in code', () => {
  const refused: readonly (readonly [string, DnsDiscoveryOptions, RegExp])[] = [
    ['no name', { name: '' }, /needs a name/],
    ['A records without a port', { name: 'calc.internal' }, /A\+AAAA records carry no port/],
    ['SRV records with a port', { name: '_x._tcp.calc.internal', port: 7000 }, /SRV records carry the port/],
    [
      'a port out of range',
      { name: 'calc.internal', port: 70_000 },
      /port must be an integer from 1 to 65535/,
    ],
    ['no tries', { name: '_x._tcp.calc.internal', tries: 0 }, /tries must be an integer from 1/],
    ['a fractional interval', { name: '_x._tcp.calc.internal', refreshIntervalMs: 1.5 }, /refreshIntervalMs/],
    ['a path without its slash', { name: '_x._tcp.calc.internal', path: 'Calculator' }, /path must start/],
    [
      'a server named by host',
      { name: '_x._tcp.calc.internal', servers: ['dns.internal'] },
      /not an IP address/,
    ],
    [
      'a server port out of range',
      { name: '_x._tcp.calc.internal', servers: ['10.0.0.1:70000'] },
      /not an IP/,
    ],
    [
      'an IPv4 address in brackets',
      { name: '_x._tcp.calc.internal', servers: ['[10.0.0.1]:53'] },
      /not an IP/,
    ],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what} with SPINDLE_INVALID_ARGUMENT`, () => {
      assert.throws(() => new DnsDiscovery(options), { code: 'SPINDLE_INVALID_ARGUMENT', message });
    });
  }

  it('accepts servers as IPv4 addresses, IPv4:port and [IPv6]:port', async () => {
    const discovery = new DnsDiscovery({
      name: 'calc.internal',
      recordType: 'A',
      port: 7000,
      servers: ['10.96.0.10', '127.0.0.1:5353', '[::1]:53'],
    });
    assert.equal(discovery.name, 'calc.internal');
    assert.deepEqual(discovery.urls(), []);
    await discovery.close();
  });
});
