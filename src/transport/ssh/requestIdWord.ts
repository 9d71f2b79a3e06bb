/**
 * How an `ssh://` call's request id travels: as one extra word after the
 * remote command, `/Service --request-id=<id>`. With a forced command the
 * server sees it in `SSH_ORIGINAL_COMMAND`, where `spindle bridge` reads it and
 * where anything that looks at the first word only (an older bridge, a
 * PlanetLab-style forwarding script that ignores the command) never notices
 * it. ssh has no headers, and `SendEnv` needs the server's `AcceptEnv`.
 */
export const REQUEST_ID_PREFIX = '--request-id=';

/** Longest id read back (the HTTP server caps `X-Request-Id` the same). */
export const MAX_REQUEST_ID_LENGTH = 200;

/** What HTTP refuses in a header value: control characters and anything beyond Latin-1. */
const INVALID_REQUEST_ID = /[^\t\x20-\x7e\x80-\xff]/;

/** True when `id` may be sent (the rule `X-Request-Id` follows, so a pool's id works on both transports). */
export function isValidRequestId(id: string): boolean {
  return !INVALID_REQUEST_ID.test(id);
}

/**
 * The word carrying `id`, percent-encoded so it is one shell word with no
 * character a shell treats specially (the command line goes through the
 * user's shell on the server).
 */
export function requestIdWord(id: string): string {
  const encoded = encodeURIComponent(id).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${REQUEST_ID_PREFIX}${encoded}`;
}

/**
 * The request id in a command line (`SSH_ORIGINAL_COMMAND`), decoded and
 * capped, or undefined when there is none or it is not well encoded.
 */
export function requestIdFromCommand(command: string | undefined): string | undefined {
  if (command === undefined) return undefined;
  const word = command
    .trim()
    .split(/\s+/)
    .slice(1)
    .find((candidate) => candidate.startsWith(REQUEST_ID_PREFIX));
  if (word === undefined) return undefined;
  try {
    const id = decodeURIComponent(word.slice(REQUEST_ID_PREFIX.length));
    return id === '' || !isValidRequestId(id) ? undefined : id.slice(0, MAX_REQUEST_ID_LENGTH);
  } catch {
    return undefined; // a malformed escape: no id rather than a failed call
  }
}

/** The placeholder a custom `ssh.remoteCommand` may hold, replaced by the encoded id. */
export const REQUEST_ID_PLACEHOLDER = '{requestId}';

/**
 * The command line sent for one call: the URL's path followed by the id's
 * word; or the caller's own `remoteCommand`, which is theirs to shape, with
 * `{requestId}` replaced by the encoded id (nothing appended to it, since an
 * arbitrary program may refuse an argument it does not know).
 */
export function remoteCommandLine(path: string, custom: string | undefined, requestId: string): string {
  if (custom === undefined) return `${path} ${requestIdWord(requestId)}`;
  return custom.includes(REQUEST_ID_PLACEHOLDER)
    ? custom.replaceAll(REQUEST_ID_PLACEHOLDER, requestIdWord(requestId).slice(REQUEST_ID_PREFIX.length))
    : custom;
}
