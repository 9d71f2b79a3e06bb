import { readdirSync, readFileSync } from 'node:fs';

/** The command lines of every process on this machine (Linux `/proc`), with NULs as spaces. */
export function commandLines(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (command !== '') found.push({ pid: Number(entry), command });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The processes whose command line contains `text`. */
export function processesMentioning(text: string): { pid: number; command: string }[] {
  return commandLines().filter((entry) => entry.command.includes(text) && entry.pid !== process.pid);
}

/** Polls (at most `timeoutMs`, every 50 ms) until `check` is true; resolves to its last value. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round < 1000; round += 1) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
