/**
 * An error's message for one stderr line, followed by its cause's message
 * when the message does not already say it (a wrapped `EADDRINUSE` or a
 * module that failed to load is only named by the cause). Line breaks inside
 * either (a gRPC status, a multi-line library message) become `; `, so the
 * error stays one line a user can read and a log can grep.
 */
export function messageWithCause(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const line = cause === '' || text.includes(cause) ? text : `${text}: ${cause}`;
  return line.trim().replace(/\s*\n\s*/g, '; ');
}
