const LEVEL_COLOR: Readonly<Record<string, number>> = {
  trace: 90,
  debug: 36,
  info: 32,
  warn: 33,
  error: 31,
  fatal: 35,
};

/** Fields a pino line always has, shown in the line's head rather than after it. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  // JSON.stringify gives undefined for undefined and functions, whatever its type says.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? String(value);
}

/**
 * Turns one pino JSON line into `2026-01-02T03:04:05.678Z INFO message (key=value, …)`
 * for a person at a terminal; `color` adds ANSI colour to the level and dims
 * the fields. A line that is not a JSON object is returned unchanged.
 */
export function prettyLogLine(line: string, color: boolean): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record['time'] === 'string' ? record['time'] : new Date().toISOString();
  const levelName = typeof record['level'] === 'string' ? record['level'] : 'info';
  const label = levelName.toUpperCase();
  const level = color ? `\u001b[${String(LEVEL_COLOR[levelName] ?? 39)}m${label}\u001b[39m` : label;
  const fields = Object.entries(record)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${show(value)}`);
  const message = typeof record['msg'] === 'string' ? record['msg'] : '';
  const list = fields.length === 0 ? '' : ` (${fields.join(', ')})`;
  return `${time} ${level} ${message}${color && list !== '' ? `\u001b[2m${list}\u001b[22m` : list}\n`;
}
