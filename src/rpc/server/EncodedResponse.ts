/**
 * A method's answer already encoded as a whole `<methodResponse>`: the
 * dispatcher sends its bytes as they are. `system.multicall` answers this way,
 * having encoded each entry's result as soon as it was known.
 */
export class EncodedResponse {
  public constructor(
    /** The complete response body. */
    public readonly bytes: Buffer,
  ) {}
}
