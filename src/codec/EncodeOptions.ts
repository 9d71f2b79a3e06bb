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
  /**
   * Most bytes the encoded message may take. Encoding stops as soon as it is
   * sure not to fit, before its buffer grows further, and fails with
   * `SPINDLE_CODEC_LIMIT_EXCEEDED` (`the message is larger than maxBytes`).
   * A server bounds its answers with it (`limits.maxResponseBytes`).
   * @default unbounded
   */
  readonly maxBytes?: number;
}
