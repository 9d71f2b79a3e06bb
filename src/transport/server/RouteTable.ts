import type { ServiceDispatcher } from '../../rpc/index.js';
import { BasicAuth } from './BasicAuth.js';
import { isHealthPath } from './healthReplies.js';
import type { Route } from './Route.js';
import { ServerError } from './ServerError.js';
import type { ServiceRouteOptions } from './XmlRpcServerOptions.js';

/**
 * The services of one server by URL path, each path taken once. A service
 * may not take the health probes' paths while the server answers them, nor
 * ask for Basic auth on plain HTTP unless it says `auth.allowInsecure`.
 */
export class RouteTable {
  private readonly routes = new Map<string, Route>();
  /** Whether the server answers `GET /healthz` and `GET /readyz`. */
  private readonly health: boolean;
  /** Whether the server speaks HTTPS. */
  private readonly secure: boolean;

  public constructor(health: boolean, secure: boolean) {
    this.health = health;
    this.secure = secure;
  }

  /** The paths served, each once. */
  public get paths(): readonly string[] {
    return [...this.routes.keys()];
  }

  /** The route at `path`, if a service is there. */
  public get(path: string): Route | undefined {
    return this.routes.get(path);
  }

  /**
   * Serves `dispatcher` on `paths`. A path already in use is a
   * `SPINDLE_SERVER_CONFLICT`; Basic auth on plain HTTP is refused unless
   * `auth.allowInsecure`.
   */
  public add(paths: readonly string[], dispatcher: ServiceDispatcher, options: ServiceRouteOptions): void {
    for (const path of paths) {
      if (this.health && isHealthPath(path)) {
        throw new ServerError(
          'SPINDLE_SERVER_CONFLICT',
          `${path} answers health probes on this server (health: true); export the service under another name`,
        );
      }
      if (this.routes.has(path)) {
        throw new ServerError(
          'SPINDLE_SERVER_CONFLICT',
          `a service is already exported at ${path} on this server`,
        );
      }
    }
    const auth = options.auth === undefined ? undefined : new BasicAuth(options.auth);
    if (auth !== undefined && !this.secure && !auth.allowInsecure) {
      throw new ServerError(
        'SPINDLE_SERVER_INSECURE_AUTH',
        `Basic auth on plain HTTP at ${paths.join(', ')} would send passwords in clear text; configure tls, or set auth.allowInsecure: true`,
      );
    }
    const route: Route = {
      dispatcher,
      paths,
      auth,
      documentation: options.documentation ?? false,
      title: options.title ?? paths[0] ?? '/',
    };
    for (const path of paths) this.routes.set(path, route);
  }

  /** Stops serving the service at `path` and at the other paths of the same service. */
  public remove(path: string): boolean {
    const route = this.routes.get(path);
    if (route === undefined) return false;
    for (const p of route.paths) this.routes.delete(p);
    return true;
  }
}
