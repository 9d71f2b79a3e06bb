/** Options of the encoders (`encodeCall`, `encodeResponse`, `dumps`). */
export interface EncodeOptions {
  /**
   * Write only what the XML-RPC specification defines: an integral number
   * outside 32 bits, a `bigint`, an {@link XmlRpcI8} or `null` is an encode
   * error (`SPINDLE_CODEC_UNENCODABLE`, naming the value's path) instead of
   * going out as the `<i8>` or `<nil/>` extension. For peers that refuse
   * extensions; most read both.
   * @default false
   */
  readonly strictSpec?: boolean;
}
