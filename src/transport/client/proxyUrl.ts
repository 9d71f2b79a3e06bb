import { SpindleError } from '../../common/SpindleError.js';

/** The parsed `proxy` option: an `http:` URL, for `http:` targets only. */
export function proxyUrl(text: string, secure: boolean): URL {
  if (secure) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'proxy: only http: URLs can go through an HTTP proxy');
  }
  let proxy: URL | undefined;
  try {
    proxy = new URL(text);
  } catch {
    proxy = undefined;
  }
  if (proxy?.protocol !== 'http:') {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `proxy: expected http://host:port, got '${text}'`);
  }
  return proxy;
}
