/**
 * Test-only targets with planted bugs, for checking that the coverage-guided
 * fuzzer finds a bug, reports it and saves an input that reproduces it
 * (test/fuzz/plantedBugs.spec.ts). Nothing in src/ imports this file.
 */

/** The typed error the planted parser's contract allows (like `CodecError` for the decoders). */
export class PlantedFormatError extends Error {
  public override readonly name = 'PlantedFormatError';
}

/**
 * Reads a record tag. The planted bug: an input starting with the magic bytes
 * `FUZZ` throws a plain `Error`, which breaks the contract (a tag, or a
 * {@link PlantedFormatError}). Each magic byte is checked in a branch of its
 * own, so block coverage rewards each byte matched: random inputs almost never
 * hold all four (about one in 2^32), a coverage-guided fuzzer climbs them one
 * byte at a time.
 */
export function plantedParse(input: Buffer): string {
  if (input.length === 0) throw new PlantedFormatError('empty record');
  if (input[0] === 0x46) {
    if (input[1] === 0x55) {
      if (input[2] === 0x5a) {
        if (input[3] === 0x5a) {
          throw new Error('planted bug: the FUZZ magic reached an unchecked path');
        }
      }
    }
  }
  return input.subarray(0, 4).toString('latin1');
}

/**
 * Counts NUL-separated fields. The planted bug: on a NUL byte the cursor is
 * not advanced, so the loop spins synchronously until `spinBoundMs` has passed
 * (a bound only so the loop cannot run forever; the fuzzer's watchdog is meant
 * to stop it long before). Returns the field count, or -1 when it spun out.
 */
export function plantedFields(input: Buffer, spinBoundMs: number): number {
  const until = performance.now() + spinBoundMs;
  let fields = 1;
  let at = 0;
  while (at < input.length) {
    if (input[at] === 0x00) {
      fields += 1;
      // The bug: `at += 1` forgotten here.
      if (performance.now() > until) return -1;
      continue;
    }
    at += 1;
  }
  return fields;
}
