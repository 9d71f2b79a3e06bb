import assert from 'node:assert/strict';

import { dnsDiscoveryOptionTable } from '../../src/builtins/options/dnsDiscoveryOptionTable.js';
import {
  etcdDiscoveryOptionTable,
  etcdRegistrationOptionTable,
} from '../../src/builtins/options/etcdOptionTables.js';
import type { CodeOnlyOption, OptionSpec } from '../../src/container/OptionSpec.js';
import { fileOptions } from '../../src/container/OptionSpec.js';
import { readDoc, section, tableRows } from './markdown.js';

const page = readDoc('discovery.md');

const tables: readonly (readonly [string, Readonly<Record<string, OptionSpec | CodeOnlyOption>>])[] = [
  ['EtcdRegistration', etcdRegistrationOptionTable],
  ['EtcdDiscovery', etcdDiscoveryOptionTable],
  ['DnsDiscovery', dnsDiscoveryOptionTable],
];

describe('docs/discovery.md', () => {
  for (const [name, table] of tables) {
    it(`lists every option of ${name} with the default the code has, and nothing else`, () => {
      const rows = tableRows(section(page, `### ${name} options`) ?? '');
      const options = fileOptions(table);
      assert.deepEqual(
        [...rows.keys()],
        options.map(([option]) => option),
      );
      for (const [option, spec] of options) assert.equal(rows.get(option)?.[1], spec.default, option);
    });
  }
});
