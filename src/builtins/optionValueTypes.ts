import type { ValueType } from '../container/ValueType.js';

/**
 * Value types of the nested options several built-ins share. Every field is
 * typed, so the text of an XML file becomes the number or boolean the option
 * needs (an untyped `'60000'` would reach the server as a string).
 */

/** The codec's `DecodeLimits` (exporter `limits.decode`, proxy and pool `decodeLimits`). */
export const decodeLimitsType: ValueType = {
  fields: {
    maxDepth: 'integer',
    maxElements: 'integer',
    maxBytes: 'integer',
    maxStringLength: 'integer',
    maxMethodNameLength: 'integer',
  },
};

/** The codec's `DecodeOptions` (exporter, proxy and pool client `decoding`): checked when the object is made. */
export const decodingType: ValueType = {
  fields: { dateTimes: 'string', structs: 'string' },
};

/** A client's TLS settings (`tls` of a proxy, `client.tls` of a pool). */
export const clientTlsType: ValueType = {
  fields: { ca: 'any', key: 'string', cert: 'string', passphrase: 'string', insecure: 'boolean' },
};

/** A client's ssh settings for `ssh://` URLs. */
export const sshType: ValueType = {
  fields: {
    identityFile: 'string',
    knownHostsFile: 'string',
    strictHostKeyChecking: 'any',
    configFile: 'string',
    sshPath: 'string',
    connectTimeoutSeconds: 'integer',
    multiplex: 'boolean',
    persistSeconds: 'integer',
    remoteCommand: 'string',
    maxConcurrentCalls: 'integer',
    options: 'any',
  },
};

/** `XmlRpcClientOptions`: what a pool gives the clients it makes from URL members (`client`). */
export const clientOptionsType: ValueType = {
  fields: {
    timeoutMs: 'integer',
    tls: clientTlsType,
    username: 'string',
    password: 'string',
    headers: 'any',
    proxy: 'string',
    maxResponseBytes: 'integer',
    maxSockets: 'integer',
    decodeLimits: decodeLimitsType,
    decoding: decodingType,
    ssh: sshType,
  },
};
