/**
 * True when a `profile` expression is active: a comma- or space-separated list
 * where any entry matches; `!name` matches when `name` is not active
 * (Spring's `<beans profile="dev, !prod">`).
 */
export function profileMatches(expression: string, active: ReadonlySet<string>): boolean {
  const entries = expression.split(/[\s,]+/).filter((entry) => entry !== '');
  return entries.some((entry) => (entry.startsWith('!') ? !active.has(entry.slice(1)) : active.has(entry)));
}
