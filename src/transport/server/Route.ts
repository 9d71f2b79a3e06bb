import type { BasicAuth } from './BasicAuth.js';
import type { ServiceDispatcher } from '../../rpc/index.js';

/** One service as an `XmlRpcServer` serves it: the same object for each of its paths. */
export interface Route {
  /** What answers the service's calls. */
  readonly dispatcher: ServiceDispatcher;
  /** Every path the service is served on. */
  readonly paths: readonly string[];
  /** Basic auth every call must pass, if any. */
  readonly auth: BasicAuth | undefined;
  /** Whether a GET answers with the HTML documentation page. */
  readonly documentation: boolean;
  /** The documentation page's title. */
  readonly title: string;
}
