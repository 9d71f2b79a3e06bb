/**
 * How long a connection may idle by the server's `Keep-Alive: timeout=N`:
 * N seconds less half of it, at most one second less, so a request does not
 * cross the server's close on the wire; 0 when that leaves nothing;
 * undefined when the server names no timeout.
 */
export function keepAliveMs(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string') return undefined;
  // A server repeats the same header on every answer: read it once.
  if (header === lastKeepAlive.header) return lastKeepAlive.ms;
  const ms = parseKeepAlive(header);
  lastKeepAlive = { header, ms };
  return ms;
}

let lastKeepAlive: { header: string; ms: number | undefined } = { header: '', ms: undefined };

function parseKeepAlive(header: string): number | undefined {
  const match = /\btimeout\s*=\s*(\d+)/i.exec(header);
  if (match === null) return undefined;
  const ms = Number(match[1]) * 1000;
  return Math.max(0, ms - Math.min(1000, ms / 2));
}
