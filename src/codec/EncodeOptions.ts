/** Options of the encoders (`encodeCall`, `encodeResponse`, `dumps`). */
export interface EncodeOptions {
  /**
   * Write only what the XML-RPC specification defines: a value that needs the
   * `<i8>` or `<nil/>` extension (a `bigint`, an {@link XmlRpcI8}, `null`,
   * `undefined`) is an encode error (`SPINDLE_CODEC_UNENCODABLE`, naming the
   * value's path). For peers that refuse extensions; most read both.
   * @default false
   */
  readonly strictSpec?: boolean;
  /**
   * How an integral `number` outside 32 bits is written. `'double'`: an exact
   * `<double>` in plain decimal, which every peer reads. `'i8'`: `<i8>`, for a
   * peer known to read it (a server answers so when the request used `<i8>`).
   * A `bigint` or {@link XmlRpcI8} is `<i8>` either way.
   * @default 'double'
   */
  readonly largeIntegers?: 'double' | 'i8';
}
