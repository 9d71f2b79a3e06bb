import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';

import { checkCommand } from '../../src/cli/commands/check.js';
import { ERROR_CODES } from '../../src/common/errorCodes.js';
import type { SpindleErrorCode } from '../../src/common/errorCodes.js';
import { SpindleError } from '../../src/common/SpindleError.js';
import { ContextError } from '../../src/definitions/ContextError.js';
import { ApplicationContext } from '../../src/index.js';

import { checkCases } from './checkCases.js';
import type { CheckCase } from './checkCases.js';

/**
 * The codes that `load` never raises for a context that passed `check`, and
 * why: raised after start-up, by the machine or the network at run time, or
 * pre-empted by the reader's problem of the same mistake. Every other code
 * of the catalogue must have a case in checkCases.ts.
 */
const notStaticAtStartUp: Readonly<Partial<Record<SpindleErrorCode, string>>> = {
  SPINDLE_CLOSED: 'use after close()',
  SPINDLE_CODEC_NOT_WELL_FORMED: 'a call',
  SPINDLE_CODEC_UNSUPPORTED_ENCODING: 'a call',
  SPINDLE_CODEC_INVALID_CHARACTER: 'a call',
  SPINDLE_CODEC_INVALID_REQUEST: 'a call',
  SPINDLE_CODEC_LIMIT_EXCEEDED: 'a call',
  SPINDLE_CODEC_UNENCODABLE: 'a call',
  SPINDLE_CLIENT_CONNECT_FAILED: 'a call',
  SPINDLE_CLIENT_TLS_FAILED: 'a call',
  SPINDLE_CLIENT_TIMEOUT: 'a call',
  SPINDLE_CLIENT_ABORTED: 'a call',
  SPINDLE_CLIENT_CONNECTION_LOST: 'a call',
  SPINDLE_CLIENT_RESPONSE_TOO_LARGE: 'a call',
  SPINDLE_CLIENT_BAD_RESPONSE: 'a call',
  SPINDLE_CLIENT_PROTOCOL_ERROR: 'a call',
  SPINDLE_SSH_HOST_KEY_REJECTED: 'a call',
  SPINDLE_SSH_AUTH_FAILED: 'a call',
  SPINDLE_SSH_CONNECT_FAILED: 'a call',
  SPINDLE_SSH_REMOTE_FAILED: 'a call',
  SPINDLE_FAULT: 'a call',
  SPINDLE_HA_NO_AVAILABLE_MEMBER: 'a call',
  SPINDLE_HA_OUTCOME_UNKNOWN: 'a call',
  SPINDLE_SERVER_LISTEN_FAILED: 'the port is taken on this machine at run time',
  SPINDLE_SERVER_CONFLICT: 'pre-empted by SPINDLE_CONTAINER_PORT_CONFLICT',
  SPINDLE_DISCOVERY_UNAVAILABLE: 'etcd or the DNS server is down at run time',
  SPINDLE_DISCOVERY_LOOKUP_FAILED: "DNS's answers at run time (logged, never thrown)",
  SPINDLE_DISCOVERY_REJECTED_MEMBER: "the registry's contents at run time",
  SPINDLE_OBSERVABILITY_LISTEN_FAILED: 'a --metrics/--status port taken at run time',
  SPINDLE_CONTAINER_UNKNOWN_OBJECT: 'pre-empted by the reader: dangling-ref',
  SPINDLE_CONTAINER_ABSTRACT: 'pre-empted by the reader: abstract-ref',
  SPINDLE_CONTAINER_CYCLE: 'pre-empted by the reader: reference-cycle',
  SPINDLE_CONTAINER_ASYNC_OBJECT: 'a synchronous get() after start-up',
  SPINDLE_CONTAINER_DESTROY_FAILED: 'close()',
  SPINDLE_CONTAINER_INIT_FAILED: "the application's own constructor or init failing at run time",
};

/** The reader's problem codes (ContextProblemCode), every one of which makes load throw SPINDLE_CONTEXT_INVALID. */
const readerCodes = [
  'not-well-formed',
  'file-not-found',
  'unknown-format',
  'import-cycle',
  'unknown-element',
  'unknown-attribute',
  'missing-attribute',
  'invalid-value',
  'missing-placeholder',
  'duplicate-id',
  'dangling-ref',
  'unknown-parent',
  'parent-cycle',
  'abstract-ref',
  'missing-class',
  'reference-cycle',
  'alias-clash',
  'alias-cycle',
];

interface CheckRun {
  readonly code: number;
  readonly stdout: string;
}

/** `spindle check` in this process, as the CLI runs it. */
async function check(argv: readonly string[]): Promise<CheckRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  stderr.resume();
  const code = await checkCommand.run({ argv, stdin: new PassThrough(), stdout, stderr });
  return { code, stdout: text };
}

function settingArgs(testCase: CheckCase): string[] {
  return Object.entries(testCase.settings ?? {}).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
}

describe('spindle check reports first what ApplicationContext.load refuses at start-up', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'spindle-check-cases-'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('has a case for every error code load can raise before anything starts', () => {
    const covered = new Set(checkCases.map((testCase) => testCase.load));
    const missing = Object.keys(ERROR_CODES).filter(
      (code) => !covered.has(code) && !Object.hasOwn(notStaticAtStartUp, code),
    );
    assert.deepEqual(missing, []);
    const readers = new Set(checkCases.map((testCase) => testCase.check));
    assert.deepEqual(
      readerCodes.filter((code) => !readers.has(code)),
      [],
    );
  });

  checkCases.forEach((testCase, index) => {
    it(`${testCase.name}: check exits 1 with ${testCase.check}, load throws ${testCase.load}`, async () => {
      const dir = join(root, String(index));
      for (const [name, text] of Object.entries(testCase.files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const file = join(dir, Object.keys(testCase.files)[0] ?? 'context.xml');

      const json = await check([file, '--json', ...settingArgs(testCase)]);
      assert.equal(json.code, 1, json.stdout);
      const report = JSON.parse(json.stdout) as { problems: { code: string; file: string; line: number }[] };
      assert.equal(report.problems[0]?.code, testCase.check, json.stdout);

      const text = await check([file, ...settingArgs(testCase)]);
      assert.equal(text.code, 1);
      const [first, source, caret] = text.stdout.split('\n');
      assert.match(first ?? '', /^\/.+:\d+:\d+: (\[[^\]]+\] )?\S/, text.stdout);
      assert.match(source ?? '', /^\s*\d+ \| /, text.stdout);
      assert.match(caret ?? '', /^\s+\| *\^/, text.stdout);

      const error = await ApplicationContext.load(file, { settings: testCase.settings ?? {} }).then(
        async (context) => {
          await context.close();
          return undefined;
        },
        (rejection: unknown) => rejection,
      );
      assert.ok(error instanceof SpindleError, `load started: ${String(error)}`);
      assert.equal(error.code, testCase.load, error.message);
      if (error instanceof ContextError) assert.equal(error.problems[0]?.code, testCase.check);
    });
  });
});
