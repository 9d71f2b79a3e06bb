/**
 * The fault codes of the Clearinghouse XML-RPC API, one per error class.
 * The server answers with them; `client.xml` maps them back to classes.
 */
export const FAULT_CODES = {
  /** Something unexpected went wrong on the server. */
  internalError: 100,
  /** Invalid username and/or API key. */
  authenticationError: 101,
  /** The request is invalid. */
  invalidRequest: 102,
  /** The account lacks the vessel credits for the operation. */
  notEnoughCredits: 103,
  /** Not enough free vessels of the requested kind. */
  unableToAcquire: 105,
} as const;
