const LEVEL_STYLE: Readonly<Record<string, readonly [string, number]>> = {
  trace: ['TRACE', 90],
  debug: ['DEBUG', 36],
  info: ['INFO ', 32],
  warn: ['WARN ', 33],
  error: ['ERROR', 31],
  fatal: ['FATAL', 35],
};

/** Fields a pino line always has, shown in the line's head rather than after it. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

function show(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Turns one pino JSON line into `12:34:56.789 INFO  message key=value …` for
 * a person at a terminal; `color` adds ANSI colour to the level. A line that is
 * not JSON is returned unchanged.
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
  const time = typeof record['time'] === 'string' ? record['time'].slice(11, 23) : '';
  const levelName = typeof record['level'] === 'string' ? record['level'] : 'info';
  const [label, code] = LEVEL_STYLE[levelName] ?? [levelName.toUpperCase(), 0];
  const level = color ? `\u001b[${String(code)}m${label}\u001b[39m` : label;
  const fields = Object.entries(record)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${show(value)}`);
  const message = typeof record['msg'] === 'string' ? record['msg'] : '';
  const tail = fields.length === 0 ? '' : color ? ` \u001b[2m${fields.join(' ')}\u001b[22m` : ` ${fields.join(' ')}`;
  return `${time} ${level} ${message}${tail}\n`;
}
