export { BRIDGE_EXIT_FAILED, BRIDGE_EXIT_NOT_EXECUTED } from './bridgeExitCodes.js';
export { parseSshUrl } from './parseSshUrl.js';
export { isValidRequestId, MAX_REQUEST_ID_LENGTH, requestIdFromCommand } from './requestIdWord.js';
export type { SshTarget } from './parseSshUrl.js';
export { SshChannel } from './SshChannel.js';
export type { SshCallOptions, SshChannelOptions } from './SshChannel.js';
export { SshInvoker } from './SshInvoker.js';
export type { SshInvokerOptions } from './SshInvoker.js';
export type { HostKeyChecking, SshOptions } from './SshOptions.js';
