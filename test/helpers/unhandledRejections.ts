/**
 * Records the process's unhandled rejections while a test body runs. With a
 * listener Node reports them instead of ending the process, so a test can
 * assert there were none (under Node's default, each would kill a server).
 */
export async function recordingUnhandledRejections<T>(
  body: (seen: readonly unknown[]) => Promise<T>,
): Promise<T> {
  const seen: unknown[] = [];
  const record = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', record);
  try {
    return await body(seen);
  } finally {
    process.off('unhandledRejection', record);
  }
}

/** Resolves after Node has run its unhandled-rejection check for what already settled. */
export function afterRejectionChecks(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
