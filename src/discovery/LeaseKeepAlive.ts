import { EventEmitter } from 'node:events';

import type { Etcd3, IDuplexStream, ILeaseKeepAliveRequest, ILeaseKeepAliveResponse } from 'etcd3';

import type { EndpointHealth } from './EndpointHealth.js';

type KeepAliveStream = IDuplexStream<ILeaseKeepAliveRequest, ILeaseKeepAliveResponse>;

/** The events of a {@link LeaseKeepAlive}. */
export interface LeaseKeepAliveEvents {
  /** etcd said the lease expired, or no keep-alive got through for twice its TTL. */
  lost: [error: Error];
  /** The keep-alive stream went silent and was opened again (on another endpoint when the client has several). */
  moved: [from: string | undefined, silentMs: number];
}

/**
 * Keeps one lease alive with a keep-alive every TTL/3 (as etcd's Go client
 * does), and a watchdog etcd3's own loop lacks: when no response came for
 * half the TTL, the stream is given up, its endpoint is marked suspect, and a
 * new stream is opened on another endpoint, so the lease is renewed before
 * it expires.
 *
 * Why not etcd3's `Lease`: it keeps its stream on one endpoint until a full
 * TTL without an answer, then reopens it on a random endpoint (maybe the
 * same); a member whose packets are dropped fails nothing fast, so the lease
 * expired on the majority while the replica still served.
 */
export class LeaseKeepAlive extends EventEmitter<LeaseKeepAliveEvents> {
  readonly #client: Etcd3;
  readonly #leaseId: string;
  readonly #ttlMs: number;
  readonly #health: EndpointHealth | undefined;
  #stream: KeepAliveStream | undefined;
  #opening = false;
  /** When the last response came (or the keep-alive started). */
  #lastAck = Date.now();
  /** When the current stream was asked for, so a fresh one gets time to answer. */
  #openedAt = 0;
  #send: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #stopped = false;

  public constructor(client: Etcd3, leaseId: string, ttlSeconds: number, health?: EndpointHealth) {
    super();
    this.#client = client;
    this.#leaseId = leaseId;
    this.#ttlMs = ttlSeconds * 1000;
    this.#health = health;
  }

  /** Opens the stream and starts sending; the lease was just granted. */
  public start(): void {
    this.#lastAck = Date.now();
    this.#open();
    this.#send = setInterval(() => {
      this.#stream?.write({ ID: this.#leaseId });
    }, this.#ttlMs / 3);
    this.#watchdog = setInterval(() => {
      this.#check();
    }, this.#ttlMs / 6);
  }

  /** Stops sending (the lease then expires, unless revoked); safe to call twice. */
  public stop(): void {
    this.#stopped = true;
    clearInterval(this.#send);
    clearInterval(this.#watchdog);
    this.#close();
  }

  #check(): void {
    const now = Date.now();
    const silent = now - this.#lastAck;
    if (silent > 2 * this.#ttlMs) {
      // Nothing got through for two TTLs: the lease has expired on any majority.
      this.#lose(new Error(`no keep-alive answer from etcd for ${String(silent)} ms; the lease expired`));
      return;
    }
    if (this.#opening) return;
    if (this.#stream === undefined) {
      this.#open();
      return;
    }
    // A fresh stream gets a quarter of the TTL to answer before it is given up too.
    if (silent >= this.#ttlMs / 2 && now - this.#openedAt >= this.#ttlMs / 4) {
      const from = this.#health?.hostOf(this.#stream);
      if (from !== undefined) this.#health?.suspect(from);
      this.#close();
      this.emit('moved', from, silent);
      this.#open();
    }
  }

  #open(): void {
    if (this.#stopped) return;
    this.#opening = true;
    this.#openedAt = Date.now();
    this.#client.leaseClient
      .leaseKeepAlive()
      .then((stream) => {
        if (this.#stopped) {
          stream.cancel();
          return;
        }
        this.#stream = stream;
        stream.on('data', (response) => {
          if (this.#stream !== stream) return;
          if (response.TTL === '0') {
            this.#lose(new Error(`etcd says lease ${this.#leaseId} expired`));
            return;
          }
          this.#lastAck = Date.now();
        });
        stream.on('error', () => {
          // Reopened by the watchdog's next look (on another endpoint if this one broke).
          if (this.#stream === stream) this.#stream = undefined;
        });
        stream.write({ ID: this.#leaseId });
      })
      .catch(() => {
        // No endpoint took the stream; the watchdog tries again.
      })
      .finally(() => {
        this.#opening = false;
      });
  }

  #close(): void {
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.cancel();
  }

  #lose(error: Error): void {
    if (this.#stopped) return;
    this.stop();
    this.emit('lost', error);
  }
}
