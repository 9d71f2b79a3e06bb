/** Classes named by module path from the container's file-based tests. */
export const log: string[] = [];

export class Clock {
  public constructor(
    public readonly zone: unknown,
    public readonly offset: unknown,
  ) {}
  public static at(zone: string): Clock {
    log.push(`Clock.at(${zone})`);
    return new Clock(zone, 0);
  }
}

export class Job {
  public name = '';
  public clock: Clock | undefined;
  public retries: unknown;
  public enabled: unknown;
  public begin(): void {
    log.push(`${this.name}.begin`);
  }
  public end(): void {
    log.push(`${this.name}.end`);
  }
}
