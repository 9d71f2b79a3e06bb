export { BRIDGE_EXIT_FAILED, BRIDGE_EXIT_NOT_EXECUTED } from './bridgeExitCodes.js';
export { parseSshUrl } from './parseSshUrl.js';
export type { SshTarget } from './parseSshUrl.js';
export { SshInvoker } from './SshInvoker.js';
export type { SshCallOptions, SshInvokerOptions } from './SshInvoker.js';
export type { HostKeyChecking, SshOptions } from './SshOptions.js';
