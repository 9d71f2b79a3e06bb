/** What the fuzzed requests call into: plain methods, one async, one that throws. */
export class FuzzService {
  public add(a: number, b: number): number {
    return a + b;
  }
  public echo(...values: unknown[]): unknown {
    return values;
  }
  public async later(value: unknown): Promise<unknown> {
    await Promise.resolve();
    return value;
  }
  public fail(message: unknown): never {
    throw new Error(String(message));
  }
}
