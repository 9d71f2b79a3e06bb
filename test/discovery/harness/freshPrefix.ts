let prefixCount = 0;

/** A key prefix no other test of this process used: `/<base>/<pid>-<n>`. */
export function freshPrefix(base: string): string {
  prefixCount += 1;
  return `/${base}/${String(process.pid)}-${String(prefixCount)}`;
}
