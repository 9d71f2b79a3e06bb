import { createHash, timingSafeEqual } from 'node:crypto';

import { Fault } from 'spindle';

import type { AccountInfo, Auth, ResourceSpec, ResourceType, VesselInfo } from './api.js';
import { FAULT_CODES } from './faultCodes.js';

/** An account as `server.xml` writes it (XML text, so numbers arrive as strings). */
export interface AccountRecord {
  readonly username: string;
  readonly api_key: string;
  readonly max_vessels: string | number;
  readonly user_port: string | number;
  readonly affiliation?: string;
  /** @default none: `get_public_key` then fails with an internal error (a server-side data bug) */
  readonly public_key?: string;
}

interface Account {
  readonly username: string;
  readonly keyDigest: Buffer;
  readonly maxVessels: number;
  readonly userPort: number;
  readonly affiliation: string;
  readonly publicKey: string | undefined;
}

interface Vessel {
  readonly nodeId: string;
  readonly nodeIp: string;
  readonly vesselId: string;
  readonly type: Exclude<ResourceType, 'random'>;
  owner: string | undefined;
  expiresAt: number;
}

const NODE_PORT = 1224;
/** A fresh vessel lasts four hours; a renewed one seven days (the real Clearinghouse's rules). */
const ACQUIRE_SECONDS = 4 * 3600;
const RENEW_SECONDS = 7 * 24 * 3600;
const SUBNETS: Readonly<Record<Vessel['type'], string>> = {
  lan: '10.0.1',
  wan: '198.51.100',
  nat: '203.0.113',
};

/** Digest of an API key, so keys are compared in constant time whatever their length. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function fault(code: number, message: string): Fault {
  return new Fault(code, message);
}

/**
 * A small Clearinghouse: accounts with an API key and a vessel credit limit,
 * and pools of LAN, WAN and NAT vessels to acquire, renew and release. Every
 * failure is a fault with the API's code (`faultCodes.ts`); anything
 * unexpected is answered as fault 100, never as a stack trace.
 *
 * The container sets `accounts` and `nodes` from `server.xml`, then calls
 * `afterPropertiesSet`, which checks them and builds the vessel pools.
 */
export class ClearinghouseService {
  /** The accounts (set by the context). */
  public accounts: readonly AccountRecord[] = [];
  /** How many vessels each kind of node offers (set by the context). @default none */
  public nodes: Readonly<Record<string, string | number>> = {};
  readonly #accounts = new Map<string, Account>();
  readonly #vessels = new Map<string, Vessel>();

  /** Checks the configuration and builds the vessel pools; a mistake stops the server from starting. */
  public afterPropertiesSet(): void {
    for (const record of this.accounts) {
      const maxVessels = Number(record.max_vessels);
      const userPort = Number(record.user_port);
      if (
        !record.username ||
        !record.api_key ||
        !Number.isInteger(maxVessels) ||
        !Number.isInteger(userPort)
      ) {
        throw new Error(`account '${record.username}' needs username, api_key, max_vessels and user_port`);
      }
      this.#accounts.set(record.username, {
        username: record.username,
        keyDigest: digest(record.api_key),
        maxVessels,
        userPort,
        affiliation: record.affiliation ?? '',
        // An empty key (`ALICE_PUBLIC_KEY=`) is "none on record".
        publicKey: record.public_key === '' ? undefined : record.public_key,
      });
    }
    for (const type of ['lan', 'wan', 'nat'] as const) {
      const count = Number(this.nodes[type] ?? 0);
      if (!Number.isInteger(count) || count < 0 || count > 250) throw new Error(`nodes.${type}: 0 to 250`);
      for (let i = 1; i <= count; i++) {
        const nodeId = createHash('sha1')
          .update(`${type}-${String(i)}`)
          .digest('hex')
          .slice(0, 16);
        const vessel: Vessel = {
          nodeId,
          nodeIp: `${SUBNETS[type]}.${String(i)}`,
          vesselId: 'v1',
          type,
          owner: undefined,
          expiresAt: 0,
        };
        this.#vessels.set(`${nodeId}:v1`, vessel);
      }
    }
  }

  /** Acquires `number_of_nodes` vessels of `rspec_type` (`lan`, `wan`, `nat` or `random`). */
  public acquire_resources(auth: Auth, rspec: ResourceSpec): VesselInfo[] {
    return this.#guard(() => {
      const account = this.#authenticate(auth);
      const type = (rspec as Partial<ResourceSpec> | null)?.rspec_type;
      const count = (rspec as Partial<ResourceSpec> | null)?.number_of_nodes;
      if (type !== 'lan' && type !== 'wan' && type !== 'nat' && type !== 'random') {
        throw fault(
          FAULT_CODES.invalidRequest,
          `rspec_type must be lan, wan, nat or random, not ${String(type)}`,
        );
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        throw fault(
          FAULT_CODES.invalidRequest,
          `number_of_nodes must be a positive integer, not ${String(count)}`,
        );
      }
      this.#checkCredits(account, count);
      const free = [...this.#vessels.values()].filter(
        (vessel) => vessel.owner === undefined && (type === 'random' || vessel.type === type),
      );
      if (free.length < count) {
        throw fault(
          FAULT_CODES.unableToAcquire,
          `Unable to acquire ${String(count)} ${type} vessels: ${String(free.length)} available`,
        );
      }
      return free.slice(0, count).map((vessel) => this.#take(vessel, account));
    });
  }

  /** Acquires the named vessels that are free; answers those it got. */
  public acquire_specific_vessels(auth: Auth, handles: readonly string[]): VesselInfo[] {
    return this.#guard(() => {
      const account = this.#authenticate(auth);
      const vessels = this.#lookup(handles);
      this.#checkCredits(account, vessels.length);
      return vessels
        .filter((vessel) => vessel.owner === undefined)
        .map((vessel) => this.#take(vessel, account));
    });
  }

  /** Releases vessels this account holds. */
  public release_resources(auth: Auth, handles: readonly string[]): number {
    return this.#guard(() => {
      const account = this.#authenticate(auth);
      for (const vessel of this.#owned(account, handles)) vessel.owner = undefined;
      return 0;
    });
  }

  /** Extends vessels this account holds to seven days from now. */
  public renew_resources(auth: Auth, handles: readonly string[]): number {
    return this.#guard(() => {
      const account = this.#authenticate(auth);
      const vessels = this.#owned(account, handles);
      const held = this.#held(account).length;
      if (held > account.maxVessels) {
        throw fault(
          FAULT_CODES.notEnoughCredits,
          `Not enough vessel credits to renew: holding ${String(held)} of ${String(account.maxVessels)}`,
        );
      }
      for (const vessel of vessels) vessel.expiresAt = Date.now() + RENEW_SECONDS * 1000;
      return 0;
    });
  }

  /** Every vessel this account holds. */
  public get_resource_info(auth: Auth): VesselInfo[] {
    return this.#guard(() => this.#held(this.#authenticate(auth)).map((vessel) => this.#info(vessel)));
  }

  /** The account's port, name, vessel limit and affiliation. */
  public get_account_info(auth: Auth): AccountInfo {
    return this.#guard(() => {
      const account = this.#authenticate(auth);
      return {
        user_port: account.userPort,
        user_name: account.username,
        max_vessels: account.maxVessels,
        user_affiliation: account.affiliation,
      };
    });
  }

  /** The account's public key. */
  public get_public_key(auth: Auth): string {
    return this.#guard(() => {
      const account = this.#authenticate(auth);
      if (account.publicKey === undefined) throw new Error(`no public key on record for ${account.username}`);
      return account.publicKey;
    });
  }

  /** Faults pass; anything else is a server bug, answered as fault 100 without its details. */
  #guard<T>(body: () => T): T {
    try {
      return body();
    } catch (error) {
      if (error instanceof Fault) throw error;
      throw fault(FAULT_CODES.internalError, 'Internal error in the Clearinghouse');
    }
  }

  #authenticate(auth: Auth): Account {
    const given = auth as Partial<Auth> | null;
    const account = typeof given?.username === 'string' ? this.#accounts.get(given.username) : undefined;
    const key = typeof given?.api_key === 'string' ? digest(given.api_key) : undefined;
    if (account === undefined || key === undefined || !timingSafeEqual(key, account.keyDigest)) {
      throw fault(FAULT_CODES.authenticationError, 'Authentication failed: invalid username or API key');
    }
    this.#expire();
    return account;
  }

  #checkCredits(account: Account, count: number): void {
    const held = this.#held(account).length;
    if (held + count > account.maxVessels) {
      throw fault(
        FAULT_CODES.notEnoughCredits,
        `Not enough vessel credits: the account may hold ${String(account.maxVessels)} vessels, ` +
          `holds ${String(held)} and asked for ${String(count)} more`,
      );
    }
  }

  #lookup(handles: readonly string[]): Vessel[] {
    if (!Array.isArray(handles) || handles.length === 0 || handles.some((h) => typeof h !== 'string')) {
      throw fault(FAULT_CODES.invalidRequest, 'handles must be a non-empty list of strings');
    }
    return handles.map((handle: string) => {
      const vessel = this.#vessels.get(handle);
      if (vessel === undefined) throw fault(FAULT_CODES.invalidRequest, `No such vessel: ${handle}`);
      return vessel;
    });
  }

  #owned(account: Account, handles: readonly string[]): Vessel[] {
    const vessels = this.#lookup(handles);
    const other = vessels.find((vessel) => vessel.owner !== account.username);
    if (other !== undefined) {
      throw fault(
        FAULT_CODES.invalidRequest,
        `Vessel ${other.nodeId}:${other.vesselId} is not held by this account`,
      );
    }
    return vessels;
  }

  #held(account: Account): Vessel[] {
    return [...this.#vessels.values()].filter((vessel) => vessel.owner === account.username);
  }

  #take(vessel: Vessel, account: Account): VesselInfo {
    vessel.owner = account.username;
    vessel.expiresAt = Date.now() + ACQUIRE_SECONDS * 1000;
    return this.#info(vessel);
  }

  /** Expired vessels go back to the pools. */
  #expire(): void {
    const now = Date.now();
    for (const vessel of this.#vessels.values()) {
      if (vessel.owner !== undefined && vessel.expiresAt <= now) vessel.owner = undefined;
    }
  }

  #info(vessel: Vessel): VesselInfo {
    return {
      node_ip: vessel.nodeIp,
      node_port: NODE_PORT,
      vessel_id: vessel.vesselId,
      node_id: vessel.nodeId,
      handle: `${vessel.nodeId}:${vessel.vesselId}`,
      expires_in_seconds: Math.max(0, Math.floor((vessel.expiresAt - Date.now()) / 1000)),
    };
  }
}
