import type { Etcd3, Watcher } from 'etcd3';

/** One change of the registry as an independent watcher saw it. */
export interface RegistryChange {
  readonly type: 'put' | 'delete';
  readonly key: string;
  /** The URL in the value (for a delete: the URL the key had). */
  readonly url: string;
  readonly lease: string;
  /** `Date.now()` when the event arrived. */
  readonly at: number;
}

/**
 * The registry as the test sees it, through its own etcd client: the URLs
 * registered now, and every put/delete with its arrival time (the reference
 * against which the pool's view is timed).
 */
export class RegistryLog {
  public readonly changes: RegistryChange[] = [];
  readonly #urls = new Map<string, string>();
  readonly #client: Etcd3;
  readonly #directory: string;
  #watcher: Watcher | undefined;

  public constructor(client: Etcd3, directory: string) {
    this.#client = client;
    this.#directory = directory;
  }

  public async start(): Promise<void> {
    const response = await this.#client.getAll().prefix(this.#directory).exec();
    for (const kv of response.kvs) this.#urls.set(kv.key.toString(), urlOf(kv.value.toString()));
    this.#watcher = await this.#client
      .watch()
      .prefix(this.#directory)
      .startRevision(String(BigInt(response.header.revision) + 1n))
      .withPreviousKV()
      .create();
    this.#watcher.on('put', (kv) => {
      const key = kv.key.toString();
      const url = urlOf(kv.value.toString());
      this.#urls.set(key, url);
      this.changes.push({ type: 'put', key, url, lease: kv.lease, at: Date.now() });
    });
    this.#watcher.on('delete', (kv, previous) => {
      const key = kv.key.toString();
      const url = this.#urls.get(key) ?? (previous === undefined ? '' : urlOf(previous.value.toString()));
      this.#urls.delete(key);
      this.changes.push({ type: 'delete', key, url, lease: '0', at: Date.now() });
    });
    this.#watcher.on('error', () => undefined);
  }

  /** The registered URLs, sorted. */
  public urls(): string[] {
    return [...new Set(this.#urls.values())].sort();
  }

  /** The first change of `type` for `url` at or after `since`. */
  public find(type: 'put' | 'delete', url: string, since = 0): RegistryChange | undefined {
    return this.changes.find((c) => c.type === type && c.url === url && c.at >= since);
  }

  public async stop(): Promise<void> {
    await this.#watcher?.cancel().catch(() => undefined);
  }
}

function urlOf(value: string): string {
  try {
    const parsed = JSON.parse(value) as { url?: unknown };
    return typeof parsed.url === 'string' ? parsed.url : '';
  } catch {
    return '';
  }
}
