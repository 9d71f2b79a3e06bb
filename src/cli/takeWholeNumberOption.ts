import { SpindleError } from '../common/index.js';

/**
 * Takes `--name N` (or `--name=N`) out of a command's arguments, where N is a
 * whole number ≥ `min`; the last one given wins. Returns it (undefined when
 * absent) and the other arguments, unchanged and in order. A bad value is
 * `SPINDLE_INVALID_ARGUMENT` saying `--name needs <what>, got '…'`.
 */
export function takeWholeNumberOption(
  argv: readonly string[],
  name: string,
  min: number,
  what: string,
): { value: number | undefined; rest: string[] } {
  const rest: string[] = [];
  const flag = `--${name}`;
  let value: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let text: string | undefined;
    if (arg === flag) {
      text = argv[i + 1];
      i += 1;
    } else if (arg.startsWith(`${flag}=`)) {
      text = arg.slice(flag.length + 1);
    } else {
      rest.push(arg);
      continue;
    }
    if (text === undefined || !/^\d+$/.test(text) || Number(text) < min) {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `${flag} needs ${what}, got '${text ?? ''}'`);
    }
    value = Number(text);
  }
  return { value, rest };
}
