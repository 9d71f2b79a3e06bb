const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** How a struct member's name appears in a value's path: `.name`, or `["odd name"]` when not an identifier. */
export function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
