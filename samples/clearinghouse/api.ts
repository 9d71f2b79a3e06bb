/**
 * The Clearinghouse XML-RPC API: what travels on the wire, shared by the
 * server (`ClearinghouseService`) and the client library (`ClearinghouseClient`).
 * Names are the API's own (snake_case), as in the seed.
 */

/** Who is calling: sent as the first argument of every call. */
export interface Auth {
  readonly username: string;
  readonly api_key: string;
}

/** The kinds of vessels `acquire_resources` hands out. */
export type ResourceType = 'lan' | 'wan' | 'nat' | 'random';

/** What to acquire: `{ rspec_type: 'wan', number_of_nodes: 2 }`. */
export interface ResourceSpec {
  readonly rspec_type: ResourceType;
  readonly number_of_nodes: number;
}

/** One acquired vessel, as `get_resource_info` and the acquire calls describe it. */
export interface VesselInfo {
  readonly node_ip: string;
  readonly node_port: number;
  readonly vessel_id: string;
  readonly node_id: string;
  /** What release and renew take: `node_id:vessel_id`. */
  readonly handle: string;
  readonly expires_in_seconds: number;
}

/** What `get_account_info` answers. */
export interface AccountInfo {
  readonly user_port: number;
  readonly user_name: string;
  readonly max_vessels: number;
  readonly user_affiliation: string;
}

/** The remote methods, as the client's proxy sees them. */
export interface ClearinghouseApi {
  acquire_resources(auth: Auth, rspec: ResourceSpec): Promise<VesselInfo[]>;
  acquire_specific_vessels(auth: Auth, handles: readonly string[]): Promise<VesselInfo[]>;
  release_resources(auth: Auth, handles: readonly string[]): Promise<number>;
  renew_resources(auth: Auth, handles: readonly string[]): Promise<number>;
  get_resource_info(auth: Auth): Promise<VesselInfo[]>;
  get_account_info(auth: Auth): Promise<AccountInfo>;
  get_public_key(auth: Auth): Promise<string>;
}
