/**
 * A finite number in the plain decimal notation the XML-RPC spec asks for: an
 * optional sign, digits, a point, digits; never an exponent. The digits are the
 * shortest that read back to the same number, so decoding is exact.
 */
export function formatDouble(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text.includes('.') ? text : `${text}.0`;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot === -1 ? mantissa.length : dot) + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = `${digits}${'0'.repeat(point - digits.length)}.0`;
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}
