/**
 * A Node Manager-like service (PlanetLab's NMAPI, the seed's example): slices
 * redeem tickets for slivers on this node. Nothing here knows about ssh or
 * XML-RPC; `server.xml` exports it and `spindle bridge` answers for it.
 */
import { Fault } from 'spindle';

/** Fault codes of this service, in the application's own range. */
export const NM_FAULTS = { BAD_TICKET: 102, NO_SUCH_SLICE: 103 } as const;

/** What a ticket says: which slice gets a sliver, with what resources. */
interface Sliver {
  readonly xid: number;
  readonly rspec: Readonly<Record<string, number>>;
}

export class NodeManager {
  private readonly slivers = new Map<string, Sliver>([
    ['princeton_mycontroller', { xid: 510, rspec: { cpu_share: 1 } }],
  ]);
  private nextXid = 511;

  /**
   * Redeems a ticket from PLC's `GetSliceTicket`: creates (or updates) the
   * sliver it names. The ticket is a small signed-looking document,
   * `<ticket slice="name" cpu_share="n"/>`; anything else is fault 102.
   */
  public Ticket(ticket: string): number {
    const slice = /<ticket\b[^>]*\bslice="([a-z0-9_]{1,64})"/.exec(ticket)?.[1];
    if (slice === undefined) throw new Fault(NM_FAULTS.BAD_TICKET, 'not a valid ticket');
    const cpuShare = Number(/\bcpu_share="(\d{1,4})"/.exec(ticket)?.[1] ?? '1');
    const existing = this.slivers.get(slice);
    this.slivers.set(slice, { xid: existing?.xid ?? this.nextXid++, rspec: { cpu_share: cpuShare } });
    return 1;
  }

  /** Slice name → xid (Linux user id) of every sliver on this node. */
  public GetXIDs(): Record<string, number> {
    return Object.fromEntries([...this.slivers].map(([name, sliver]) => [name, sliver.xid]));
  }

  /** The resources of one sliver. */
  public GetRSpec(slice: string): Record<string, number> {
    const sliver = this.slivers.get(slice);
    if (sliver === undefined)
      throw new Fault(NM_FAULTS.NO_SUCH_SLICE, `no sliver for slice '${slice}' on this node`);
    return { ...sliver.rspec };
  }
}
