/** What a secret is replaced with in log lines. */
export const REDACTED = '[redacted]';

/** Field names whose values are secrets whatever they hold (case-insensitive, `-`/`_` ignored). */
const SECRET_NAME =
  /^(pass|passwd|password|passphrase|secret|token|key|privatekey|apikey|accesskey|secretkey|authorization|proxyauthorization|cookie|setcookie|credentials?|users|auth|bearer|pfx)$|password|secret|token|apikey|privatekey|passphrase/;

/** Most nesting walked; deeper values are dropped rather than walked forever. */
const MAX_DEPTH = 6;

/** Each pattern finds a secret inside free text; the replacement keeps what is useful around it. */
const TEXT_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // URL userinfo: a password, or a lone API key used as the user name. Neither is logged.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
  // Authorization-style values: `Basic dXNlcjpwdw==`, `Bearer eyJ…`.
  [/\b(Basic|Bearer|Digest|Token)\s+[A-Za-z0-9+/=._~-]{6,}/g, `$1 ${REDACTED}`],
  // Secrets in query strings or key=value text.
  [
    /\b(password|passwd|pass|secret|token|api[-_]?key|access[-_]?key|key|auth)=([^\s&;,]+)/gi,
    `$1=${REDACTED}`,
  ],
  // PEM private keys pasted into a value.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/** The text with URL credentials, authorization values, `secret=` pairs and PEM keys replaced. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** True for a field name that always holds a secret (`password`, `apiKey`, `Authorization`…). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * A copy of `value` safe to log: fields named like secrets are replaced,
 * strings lose URL userinfo, authorization values and PEM keys; errors become
 * their (redacted) message and stack; cycles and deep nesting are cut.
 */
export function redactSecrets(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Date) return value;
  if (seen.has(value) || depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: redactText(value.stack ?? '') };
  }
  if (value instanceof URL) return redactText(value.href);
  if (Array.isArray(value)) return value.map((item: unknown) => redactSecrets(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    copy[name] =
      isSecretName(name) && field !== undefined && field !== null && field !== ''
        ? REDACTED
        : redactSecrets(field, depth + 1, seen);
  }
  return copy;
}
