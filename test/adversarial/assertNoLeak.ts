import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';

/**
 * What must never reach a remote caller (S19): a stack frame, a file path or
 * URL, a source file name, an internal class name, an error-code constant.
 */
const LEAKS: readonly [string, RegExp][] = [
  ['stack frame', /\bat .*:\d+:\d+\)?(?:\n|$)|\n\s+at [\w$.<>]+ \(/],
  ['POSIX path', /\/srv\/|\/work\/|\/home\/|\/tmp\/|\/etc\/passwd/],
  ['Windows path', /[A-Za-z]:\\/],
  ['file URL', /file:\/\//],
  ['module path', /node_modules|\.ts\b|\.js:\d/],
  ['error class', /\b(?:Type|Range|Reference|Syntax|Codec|Spindle|Server|Transport)Error\b/],
  ['internal class', /RecordingService|XmlRpcServer|ServiceDispatcher|PendingCall|MethodRegistry/],
  ['error code', /SPINDLE_[A-Z_]+/],
  ['secret', /s3cr3t-password/],
];

/** Asserts that an HTTP reply (headers and body, gunzipped if need be) leaks nothing internal. */
export function assertNoLeak(headers: Readonly<Record<string, string>>, body: Buffer, what: string): void {
  const text =
    headers['content-encoding'] === 'gzip' && body.length > 0
      ? gunzipSync(body).toString('utf8')
      : body.toString('utf8');
  const all = `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n\n${text}`;
  for (const [kind, pattern] of LEAKS) {
    assert.doesNotMatch(all, pattern, `${what}: the reply leaks a ${kind}:\n${all.slice(0, 2000)}`);
  }
  assert.equal(headers['x-powered-by'], undefined, `${what}: X-Powered-By header`);
}
