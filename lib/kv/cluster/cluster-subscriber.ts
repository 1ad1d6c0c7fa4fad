// The watch hub's subscriber on Redis Cluster. Keyspace notifications are node-local: a
// primary publishes events for its own slots only, to its own clients. So this holds one
// subscriber connection per primary, SUBSCRIBEs each key channel on the primary serving the
// key's slot, PSUBSCRIBEs every pattern on every primary, and follows the topology that
// ioredis's Cluster client learns (its "refresh" event, after CLUSTER SLOTS). To the hub it
// looks like one connection: "close" when any primary's subscriber is lost or the topology
// changes (the hub then knows watches may be behind), "ready" once every primary's subscriber
// is up and subscribed again (the hub then re-reads every watched key, as after a reconnect).

import { EventEmitter } from "node:events";
import calculateSlot from "cluster-key-slot";
import Redis, { type Cluster } from "ioredis";

const RECONNECT_MS = 250;

export interface ClusterSubscriberStats {
  /** Subscriber connections, by "host:port" of the primary. */
  nodes: string[];
  /** Notifications received, by primary. */
  notifications: Record<string, number>;
  topologyChanges: number;
}

export class ClusterSubscriber extends EventEmitter {
  readonly #cluster: Cluster;
  readonly #channelPrefix: string;
  /** One subscriber per primary, by "host:port". */
  readonly #nodes = new Map<string, Redis>();
  /** Every subscribed key channel, with the primary it is subscribed on. */
  readonly #channels = new Map<string, string>();
  readonly #patterns = new Set<string>();
  #topology = "";
  #status: "connecting" | "ready" | "end" = "connecting";
  #notifications: Record<string, number> = {};
  #topologyChanges = 0;

  constructor(cluster: Cluster, channelPrefix: string) {
    super();
    this.#cluster = cluster;
    this.#channelPrefix = channelPrefix;
    cluster.on("refresh", () => void this.#follow());
    if (cluster.status === "ready") void this.#follow();
    else cluster.once("ready", () => void this.#follow());
  }

  get status(): string {
    return this.#status;
  }

  stats(): ClusterSubscriberStats {
    return { nodes: [...this.#nodes.keys()], notifications: { ...this.#notifications }, topologyChanges: this.#topologyChanges };
  }

  // The primary serving the key of a keyspace channel, as the Cluster client last saw it.
  #primaryOf(channel: string): string | null {
    const slot = calculateSlot(channel.slice(this.#channelPrefix.length));
    return this.#cluster.slots[slot]?.[0] ?? null;
  }

  #primaries(): Set<string> {
    const out = new Set<string>();
    for (const nodes of this.#cluster.slots) if (nodes?.[0]) out.add(nodes[0]);
    return out;
  }

  #node(address: string): Redis {
    let redis = this.#nodes.get(address);
    if (redis) return redis;
    const [host, port] = address.split(":");
    redis = new Redis({
      host,
      port: Number(port),
      // Retried while the node serves slots; a topology change that drops it disconnects it.
      retryStrategy: () => RECONNECT_MS,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      // Resubscribing is this class's job: the node may no longer serve the channel's slot.
      autoResubscribe: false,
    });
    const own = redis;
    redis.on("message", (channel: string, message: string) => {
      this.#notifications[address] = (this.#notifications[address] ?? 0) + 1;
      this.emit("message", channel, message);
    });
    redis.on("pmessage", (pattern: string, channel: string, message: string) => {
      this.#notifications[address] = (this.#notifications[address] ?? 0) + 1;
      this.emit("pmessage", pattern, channel, message);
    });
    redis.on("error", () => {});
    redis.on("close", () => {
      if (this.#nodes.get(address) !== own || this.#status === "end") return;
      this.#setDown();
      // A primary that went away: ask the cluster for the new topology now, not at the next
      // periodic refresh (slotsRefreshInterval, 5 s by default).
      this.#cluster.refreshSlotsCache();
    });
    redis.on("ready", () => {
      if (this.#nodes.get(address) === own) void this.#resubscribe();
    });
    this.#nodes.set(address, redis);
    return redis;
  }

  #setDown(): void {
    if (this.#status !== "ready") return;
    this.#status = "connecting";
    this.emit("close");
  }

  // After a CLUSTER SLOTS refresh: nothing to do unless who serves which slot changed.
  async #follow(): Promise<void> {
    if (this.#status === "end") return;
    const topology = this.#cluster.slots.map((nodes) => nodes?.[0] ?? "").join(",");
    if (topology === this.#topology) return;
    if (this.#topology !== "") this.#topologyChanges++;
    this.#topology = topology;
    this.#setDown();
    const primaries = this.#primaries();
    for (const [address, redis] of this.#nodes) {
      if (!primaries.has(address)) {
        this.#nodes.delete(address);
        redis.disconnect();
      }
    }
    for (const address of primaries) this.#node(address);
    await this.#resubscribe();
  }

  // Every channel on its slot's current primary, every pattern on every primary; then "ready".
  async #resubscribe(): Promise<void> {
    if (this.#status === "end") return;
    for (const redis of this.#nodes.values()) if (redis.status !== "ready") return; // its "ready" comes back here
    try {
      for (const [channel, was] of this.#channels) {
        const now = this.#primaryOf(channel);
        if (now && now !== was) {
          this.#nodes.get(was)?.unsubscribe(channel).catch(() => {});
          this.#channels.set(channel, now);
        }
      }
      const byNode = new Map<string, string[]>();
      for (const [channel, address] of this.#channels) {
        const list = byNode.get(address) ?? [];
        list.push(channel);
        byNode.set(address, list);
      }
      await Promise.all(
        [...this.#nodes].map(async ([address, redis]) => {
          const channels = byNode.get(address) ?? [];
          for (let i = 0; i < channels.length; i += 1000) await redis.subscribe(...channels.slice(i, i + 1000));
          if (this.#patterns.size > 0) await redis.psubscribe(...this.#patterns);
        }),
      );
    } catch {
      return; // a node dropped meanwhile: its close/ready brings us back
    }
    for (const redis of this.#nodes.values()) if (redis.status !== "ready") return;
    if (this.#nodes.size === 0 || this.#status === "ready") return;
    this.#status = "ready";
    this.emit("ready");
  }

  async subscribe(...channels: string[]): Promise<number> {
    const byNode = new Map<string, string[]>();
    for (const channel of channels) {
      const address = this.#primaryOf(channel);
      if (!address) throw new Error("Redis Cluster: no primary serves this key's slot");
      this.#channels.set(channel, address);
      byNode.set(address, [...(byNode.get(address) ?? []), channel]);
    }
    await Promise.all([...byNode].map(([address, list]) => this.#node(address).subscribe(...list)));
    return this.#channels.size;
  }

  async unsubscribe(...channels: string[]): Promise<number> {
    await Promise.all(
      channels.map((channel) => {
        const address = this.#channels.get(channel);
        this.#channels.delete(channel);
        return address ? this.#nodes.get(address)?.unsubscribe(channel) : undefined;
      }),
    );
    return this.#channels.size;
  }

  async psubscribe(...patterns: string[]): Promise<number> {
    for (const pattern of patterns) this.#patterns.add(pattern);
    await Promise.all([...this.#nodes.values()].map((redis) => redis.psubscribe(...patterns)));
    return this.#patterns.size;
  }

  async punsubscribe(...patterns: string[]): Promise<number> {
    for (const pattern of patterns) this.#patterns.delete(pattern);
    await Promise.all([...this.#nodes.values()].map((redis) => redis.punsubscribe(...patterns)));
    return this.#patterns.size;
  }

  /** The hub's heartbeat: every primary's subscriber must answer. */
  async ping(): Promise<string> {
    await Promise.all([...this.#nodes.values()].map((redis) => redis.ping()));
    return "PONG";
  }

  disconnect(reconnect = false): void {
    if (!reconnect) this.#status = "end";
    for (const redis of this.#nodes.values()) redis.disconnect(reconnect);
    if (!reconnect) this.#nodes.clear();
  }
}
