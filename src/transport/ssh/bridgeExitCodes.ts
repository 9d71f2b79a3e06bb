/**
 * Exit status of `spindle bridge` when the request certainly did not run (the
 * local server refused the connection, the context failed to load): `75`,
 * `EX_TEMPFAIL` of sysexits.h. The ssh transport reads it, with an empty
 * stdout, as outcome `not-executed`; any other failure without a response is
 * outcome `unknown`.
 */
export const BRIDGE_EXIT_NOT_EXECUTED = 75;

/** Exit status of `spindle bridge` when the request may have run but no response came back. */
export const BRIDGE_EXIT_FAILED = 1;
