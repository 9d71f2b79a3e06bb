import assert from 'node:assert/strict';

import { XmlRpcClient } from '../../../src/proxy/index.js';
import type { PortProcess } from '../../helpers/portProcess.js';
import { startPortProcess } from '../../helpers/portProcess.js';

/**
 * Perl's Frontier::Daemon (Debian `libfrontier-rpc-perl`, installed by
 * `.ci/run`): it answers HTTP/1.1 without `Connection: close` and closes every
 * connection right after its one response (interop review, S2). It prints its
 * port on its first `accept`, and counts the executions of `increment`.
 */
const FRONTIER_SERVER = `
use strict;
use warnings;
$| = 1;
package CountingDaemon;
use parent -norequire, 'Frontier::Daemon';
require Frontier::Daemon;
my $announced = 0;
sub accept {
    my $self = shift;
    print $self->sockport, "\\n" unless $announced++;
    return $self->SUPER::accept(@_);
}
package main;
my $executions = 0;
CountingDaemon->new(
    LocalAddr => '127.0.0.1',
    LocalPort => 0,
    methods => {
        'increment' => sub { $executions += 1; return $executions; },
        'executions' => sub { return $executions; },
    },
) or die "cannot listen: $!";
`;

describe('XmlRpcClient against Perl Frontier::Daemon (closes after every response)', function () {
  this.timeout(120_000);
  let server: PortProcess | undefined;
  let client: XmlRpcClient | undefined;

  before(async () => {
    server = await startPortProcess('perl', ['-e', FRONTIER_SERVER]);
  });

  after(async () => {
    await client?.close();
    await server?.close();
  });

  it('200 back-to-back calls of a method that is not idempotent: all succeed, each ran once', async () => {
    const url = `http://127.0.0.1:${server?.port ?? 0}/RPC2`;
    client = new XmlRpcClient(url, { timeoutMs: 10_000 });
    const results: unknown[] = [];
    const failures: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      await client.invoke('increment', []).then(
        (value) => results.push(value),
        (error: unknown) => failures.push(String(error)),
      );
    }
    assert.deepEqual(failures, [], server?.stderr());
    assert.deepEqual(
      results,
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    assert.equal(await client.invoke('executions', []), 200, 'the server ran 200 calls, none twice');
  });
});
