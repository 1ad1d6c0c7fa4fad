// The watch hub's subscriber on Redis Cluster. Keyspace notifications are node-local: a
// primary publishes the events of its own slots only, to its own clients. So this holds one
// subscriber connection per primary, SUBSCRIBEs each key channel on the primary serving the
// key's slot, PSUBSCRIBEs every pattern on every primary, and follows the topology that
// ioredis's Cluster client learns (its "refresh" event, after every CLUSTER SLOTS).
//
// To the hub it looks like one connection that can also lose and regain a part of itself:
// "close" when a primary's subscriber is lost or the slot map changed (watches may be behind),
// then "resubscribed" with the channels that were subscribed again — on a new primary, or on
// a primary whose connection came back — so the hub re-reads only those keys (and catches up
// prefix watches when a primary got the patterns anew), not every watched key.

import { EventEmitter } from "node:events";
import calculateSlot from "cluster-key-slot";
import Redis, { type Cluster } from "ioredis";
import { ensureKeyspaceNotifications } from "../../redis/notifications";

const RECONNECT_MS = 250;
// While a primary's subscriber is down, the slot map is re-read this often: a failover shows
// up there (ioredis raises no event for a promoted replica) and nowhere else.
const DOWN_REFRESH_MS = 250;
// ioredis 5.11 never re-reads the slot map on its own unless slotsRefreshInterval is set; a
// Kv that only watches never gets a MOVED, so it would never learn that a slot moved.
const DEFAULT_REFRESH_MS = 1_000;
// A rebalance changes the slot map in many small steps: changes closer together than this
// are followed as one, but none waits longer than FOLLOW_MAX_DELAY_MS.
const FOLLOW_DEBOUNCE_MS = 100;
const FOLLOW_MAX_DELAY_MS = 1_000;
const CHUNK = 1_000;

export interface ClusterSubscriberStats {
  /** Notifications received, by "host:port" of the primary that sent them. */
  notificationsByNode: Record<string, number>;
  /** Slot-map changes followed (after debouncing). */
  topologyChanges: number;
  /** Key channels subscribed again on another primary or after a reconnect, in total. */
  resubscribedChannels: number;
}

interface NodeSubscriber {
  address: string;
  redis: Redis;
  /** A heartbeat PING sent and not yet answered. */
  pinging: boolean;
  /** Keyspace notifications checked on this node. */
  checked: boolean;
}

export class ClusterSubscriber extends EventEmitter {
  readonly #cluster: Cluster;
  readonly #channelPrefix: string;
  /** One subscriber per primary, by "host:port". */
  readonly #nodes = new Map<string, NodeSubscriber>();
  /** Every subscribed key channel, with the primary it belongs on (null: no primary known yet). */
  readonly #channels = new Map<string, string | null>();
  readonly #patterns = new Set<string>();
  /** The primary of every slot as last followed ("" for a slot nobody serves). */
  #owners: string[] = [];
  #started = false;
  #ended = false;
  #reportedReady = false;
  #followTimer: NodeJS.Timeout | null = null;
  #followDeadline = 0;
  #following = false;
  #refreshTimer: NodeJS.Timeout | null = null;
  #downTimer: NodeJS.Timeout | null = null;
  #notificationsByNode: Record<string, number> = {};
  #topologyChanges = 0;
  #resubscribedChannels = 0;

  constructor(cluster: Cluster, channelPrefix: string) {
    super();
    this.#cluster = cluster;
    this.#channelPrefix = channelPrefix;
    cluster.on("refresh", () => this.#onRefresh());
    if (cluster.status === "ready") this.#onRefresh();
    if (!cluster.options.slotsRefreshInterval) {
      this.#refreshTimer = setInterval(() => this.#refreshSlots(), DEFAULT_REFRESH_MS);
      this.#refreshTimer.unref();
    }
  }

  /** "ready" when every primary has its subscriber up with every channel and pattern in place. */
  get status(): string {
    if (this.#ended) return "end";
    if (!this.#started || this.#followTimer !== null || this.#following) return "connecting";
    for (const node of this.#nodes.values()) if (node.redis.status !== "ready") return "connecting";
    for (const address of this.#channels.values()) if (address === null) return "connecting";
    return "ready";
  }

  notificationsByNode(): Record<string, number> {
    return { ...this.#notificationsByNode };
  }

  stats(): ClusterSubscriberStats {
    return {
      notificationsByNode: { ...this.#notificationsByNode },
      topologyChanges: this.#topologyChanges,
      resubscribedChannels: this.#resubscribedChannels,
    };
  }

  #slotOf(channel: string): number {
    return calculateSlot(channel.slice(this.#channelPrefix.length));
  }

  #ownerOf(channel: string): string | null {
    return this.#owners[this.#slotOf(channel)] || null;
  }

  #refreshSlots(): void {
    if (this.#ended) return;
    this.#cluster.refreshSlotsCache();
  }

  // After every CLUSTER SLOTS (ioredis emits "refresh" whether or not anything changed).
  #onRefresh(): void {
    if (this.#ended) return;
    if (!this.#started) {
      this.#started = true;
      void this.#follow();
      return;
    }
    if (!this.#slotMapChanged()) return;
    const wasReady = this.status === "ready";
    const now = Date.now();
    if (this.#followTimer === null) this.#followDeadline = now + FOLLOW_MAX_DELAY_MS;
    else clearTimeout(this.#followTimer);
    const delay = Math.max(0, Math.min(FOLLOW_DEBOUNCE_MS, this.#followDeadline - now));
    this.#followTimer = setTimeout(() => {
      this.#followTimer = null;
      void this.#follow();
    }, delay);
    if (wasReady) this.emit("close");
  }

  #currentOwners(): string[] {
    const owners: string[] = new Array(this.#cluster.slots.length);
    this.#cluster.slots.forEach((nodes, slot) => (owners[slot] = nodes?.[0] ?? ""));
    return owners;
  }

  #slotMapChanged(): boolean {
    const { slots } = this.#cluster;
    if (slots.length !== this.#owners.length) return true;
    for (let slot = 0; slot < slots.length; slot++) if ((slots[slot]?.[0] ?? "") !== this.#owners[slot]) return true;
    return false;
  }

  // Moves what the slot map change moved: subscribers for new primaries (each subscribes its
  // share once connected), away from nodes that no longer serve slots, and each channel whose
  // slot changed hands onto its new primary.
  async #follow(): Promise<void> {
    if (this.#ended || this.#following) return;
    this.#following = true;
    try {
      const hadOwners = this.#owners.length > 0;
      this.#owners = this.#currentOwners();
      if (hadOwners) this.#topologyChanges++;
      const primaries = new Set(this.#owners.filter((address) => address !== ""));
      for (const [address, node] of this.#nodes) {
        if (primaries.has(address)) continue;
        this.#nodes.delete(address);
        node.redis.disconnect();
      }
      for (const address of primaries) this.#node(address);
      const moved = new Map<string, string[]>();
      for (const [channel, was] of this.#channels) {
        const now = this.#ownerOf(channel);
        if (now === was) continue;
        this.#channels.set(channel, now);
        const old = was === null ? undefined : this.#nodes.get(was);
        if (old?.redis.status === "ready") old.redis.unsubscribe(channel).catch(() => {});
        if (now === null) continue;
        const list = moved.get(now);
        if (list) list.push(channel);
        else moved.set(now, [channel]);
      }
      // A node that is not ready yet subscribes its whole share when it is (#syncNode).
      const resubscribed: string[] = [];
      await Promise.all(
        [...moved].map(async ([address, channels]) => {
          const node = this.#nodes.get(address);
          if (node?.redis.status !== "ready") return;
          try {
            for (let i = 0; i < channels.length; i += CHUNK) await node.redis.subscribe(...channels.slice(i, i + CHUNK));
            resubscribed.push(...channels);
          } catch {
            this.#reset(node);
          }
        }),
      );
      this.#resubscribedChannels += resubscribed.length;
      this.#following = false;
      // Changes that came in while this ran are followed next.
      if (this.#slotMapChanged() && this.#followTimer === null) {
        this.#followTimer = setTimeout(() => {
          this.#followTimer = null;
          void this.#follow();
        }, FOLLOW_DEBOUNCE_MS);
      }
      this.#announce(resubscribed, false);
    } finally {
      this.#following = false;
    }
  }

  #node(address: string): NodeSubscriber {
    const existing = this.#nodes.get(address);
    if (existing) return existing;
    const [host, port] = splitAddress(address);
    const redis = new Redis({
      // Credentials, TLS and the like as the Cluster client's own node connections have them.
      ...this.#cluster.options.redisOptions,
      host,
      port,
      lazyConnect: false,
      // Retried while the node serves slots; a topology change that drops it disconnects it.
      retryStrategy: () => RECONNECT_MS,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      // Resubscribing is this class's job: the node may no longer serve the channel's slot.
      autoResubscribe: false,
      connectionName: "livekv-watch",
      // A subscription is not a user's command: it waits for its reply; the heartbeat spots a
      // connection that stopped answering.
      commandTimeout: undefined,
    });
    const node: NodeSubscriber = { address, redis, pinging: false, checked: false };
    const count = (): void => {
      this.#notificationsByNode[address] = (this.#notificationsByNode[address] ?? 0) + 1;
    };
    redis.on("message", (channel: string, message: string) => {
      count();
      this.emit("message", channel, message);
    });
    redis.on("pmessage", (pattern: string, channel: string, message: string) => {
      count();
      this.emit("pmessage", pattern, channel, message);
    });
    // Connection errors are ridden out: the retry strategy reconnects, or a follow drops the node.
    redis.on("error", () => {});
    redis.on("close", () => {
      if (this.#nodes.get(address) !== node || this.#ended) return;
      node.pinging = false;
      this.emit("close");
      // A primary that went away may have been failed over: ask for the slot map now, and
      // again while it stays away.
      this.#refreshSlots();
      this.#pollWhileDown();
    });
    redis.on("ready", () => {
      if (this.#nodes.get(address) === node) void this.#syncNode(node);
    });
    this.#nodes.set(address, node);
    return node;
  }

  #pollWhileDown(): void {
    if (this.#downTimer !== null) return;
    this.#downTimer = setInterval(() => {
      const down = [...this.#nodes.values()].some((node) => node.redis.status !== "ready");
      if (!down || this.#ended) {
        clearInterval(this.#downTimer as NodeJS.Timeout);
        this.#downTimer = null;
        return;
      }
      this.#refreshSlots();
    }, DOWN_REFRESH_MS);
    this.#downTimer.unref();
  }

  // A node subscriber (re)connected: its share of channels and every pattern go on it.
  async #syncNode(node: NodeSubscriber): Promise<void> {
    if (!node.checked) {
      // A primary added to the cluster, or a replica promoted, may have been started without
      // keyspace notifications; where CONFIG is refused there is nothing more to do here.
      await ensureKeyspaceNotifications(node.redis).catch(() => {});
      node.checked = true;
    }
    const channels = [...this.#channels].filter(([, address]) => address === node.address).map(([channel]) => channel);
    try {
      for (let i = 0; i < channels.length; i += CHUNK) await node.redis.subscribe(...channels.slice(i, i + CHUNK));
      if (this.#patterns.size > 0) await node.redis.psubscribe(...this.#patterns);
    } catch {
      this.#reset(node);
      return;
    }
    if (this.#nodes.get(node.address) !== node) return;
    this.#resubscribedChannels += channels.length;
    this.#announce(channels, this.#patterns.size > 0);
  }

  // A subscription that failed on a node leaves it unknown what that node sends: reconnect it,
  // and its "ready" subscribes its whole share again (and the hub re-reads it).
  #reset(node: NodeSubscriber): void {
    if (this.#nodes.get(node.address) === node && node.redis.status === "ready") node.redis.disconnect(true);
  }

  // The first time everything is up the hub hears "ready"; later, which channels it should
  // re-read because their notifications may have been missed.
  #announce(channels: string[], patterns: boolean): void {
    if (this.#ended) return;
    if (!this.#reportedReady) {
      if (this.status !== "ready") return;
      this.#reportedReady = true;
      this.emit("ready");
      if (channels.length === 0 && !patterns) return;
    }
    this.emit("resubscribed", channels, patterns);
  }

  // A channel whose node is not ready (or not known yet) is recorded only: its node's
  // subscription comes later and is announced, and the hub re-reads the key then.
  async subscribe(...channels: string[]): Promise<number> {
    const byNode = new Map<string, string[]>();
    for (const channel of channels) {
      const address = this.#ownerOf(channel);
      this.#channels.set(channel, address);
      if (address === null) continue;
      const list = byNode.get(address);
      if (list) list.push(channel);
      else byNode.set(address, [channel]);
    }
    await Promise.all(
      [...byNode].map(([address, list]) => {
        const node = this.#node(address);
        return node.redis.status === "ready" ? node.redis.subscribe(...list).catch(() => this.#reset(node)) : undefined;
      }),
    );
    return this.#channels.size;
  }

  async unsubscribe(...channels: string[]): Promise<number> {
    const byNode = new Map<string, string[]>();
    for (const channel of channels) {
      const address = this.#channels.get(channel);
      this.#channels.delete(channel);
      if (!address) continue;
      const list = byNode.get(address);
      if (list) list.push(channel);
      else byNode.set(address, [channel]);
    }
    await Promise.all(
      [...byNode].map(([address, list]) => {
        const redis = this.#nodes.get(address)?.redis;
        return redis?.status === "ready" ? redis.unsubscribe(...list).catch(() => {}) : undefined;
      }),
    );
    return this.#channels.size;
  }

  async psubscribe(...patterns: string[]): Promise<number> {
    for (const pattern of patterns) this.#patterns.add(pattern);
    await Promise.all(
      [...this.#nodes.values()].map((node) =>
        node.redis.status === "ready" ? node.redis.psubscribe(...patterns).catch(() => this.#reset(node)) : undefined,
      ),
    );
    return this.#patterns.size;
  }

  async punsubscribe(...patterns: string[]): Promise<number> {
    for (const pattern of patterns) this.#patterns.delete(pattern);
    await Promise.all(
      [...this.#nodes.values()].map(({ redis }) => (redis.status === "ready" ? redis.punsubscribe(...patterns).catch(() => {}) : undefined)),
    );
    return this.#patterns.size;
  }

  /**
   * The hub's heartbeat probe: every primary's subscriber must answer. One that does not is
   * the one disconnect(true) reconnects.
   */
  async ping(): Promise<string> {
    await Promise.all(
      [...this.#nodes.values()].map(async (node) => {
        node.pinging = true;
        try {
          await node.redis.ping();
          node.pinging = false;
        } catch (error) {
          if (error instanceof Error && error.name === "ReplyError") node.pinging = false;
          throw error;
        }
      }),
    );
    return "PONG";
  }

  /** With reconnect: reconnects the node subscribers whose last PING went unanswered. Without: ends them all. */
  disconnect(reconnect = false): void {
    if (reconnect) {
      for (const node of this.#nodes.values()) if (node.pinging) node.redis.disconnect(true);
      return;
    }
    this.#ended = true;
    for (const timer of [this.#followTimer, this.#refreshTimer, this.#downTimer]) if (timer !== null) clearTimeout(timer);
    for (const node of this.#nodes.values()) node.redis.disconnect();
    this.#nodes.clear();
  }
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}
