// A Kv's store on Redis Cluster. Reads go through ioredis's Cluster client, which follows
// failovers and may resend them (a read twice is harmless), under one overall deadline; one
// answered ASK or MOVED (mid-migration, or after a failover) is sent by the store to the node
// named, since the client hands such replies back when auto-pipelining (#followingRedirect).
// Commits do not go through the client: it resends a command whose connection closed
// (cluster/index.js), which would apply a commit twice. A commit is sent by hand on the
// connection to its slot's primary, by the rules of command-connection.ts: sent only on a
// connection that writes it at once, never resent, KvCommitUnknownError when no reply came.
// Refusals that did nothing (MOVED, ASK, TRYAGAIN, CLUSTERDOWN, no connection) are retried
// until the command timeout, then reported as unavailable.

import calculateSlot from "cluster-key-slot";
import Redis, { type Cluster } from "ioredis";
import { ensureKeyspaceNotifications, readNotificationFlags } from "../../redis/notifications";
import { RedisUnavailableError } from "../../redis/unavailable";
import { whenWritable } from "../../redis/writable";
import { isReplyError, sendCommit } from "../command-connection";
import { KvClosedError } from "../kv-closed";
import { keyspaceChannelPrefix } from "../layout";
import { RedisClock } from "../redis-clock";
import { timedCommitScript, type Script } from "../scripts";
import type { CommitReply, KvStore, ScriptArg, WaitForReplicas } from "../store";
import type { KvNodeNotifications } from "../types";
import type { WatchSubscriber } from "../watch-hub";
import { ClusterSubscriber } from "./cluster-subscriber";

// ioredis has a Buffer variant of every command at run time, but types only some. (Not
// callBuffer: with auto-pipelining, ioredis 5.11 drops its command name.)
type BufferScripts = {
  evalshaBuffer(sha: string, numkeys: number, ...args: ScriptArg[]): Promise<unknown>;
  evalBuffer(source: string, numkeys: number, ...args: ScriptArg[]): Promise<unknown>;
};
// Where a read's commands go: the Cluster client, or the connection to the node an ASK named.
type ReadClient = Pick<Redis, "getBuffer" | "mgetBuffer"> & BufferScripts;
// `asking`: the command goes to a node importing its slot, after ASKING.
type SendRead = <T>(command: (client: ReadClient, asking: boolean) => Promise<T>) => Promise<T>;

// A node's clock offset is measured again after this long (deadlines use it: see redis-clock.ts).
const CLOCK_MAX_AGE_MS = 10_000;
// What a commit's announcement of a key says (see #announce): anything but ABSENT_DELETE_EVENT
// makes the watch hub read the key again, and prefix watchers hear of it.
const MIGRATING_COMMIT_EVENT = "livekv:migrating-commit";
// A node's notification setting is read within this (see notificationFlags).
const NODE_SETTING_TIMEOUT_MS = 1_000;
// Redis's refusal of a script reading a key of its slot that has already migrated.
const NON_LOCAL_KEY = "Script attempted to access a non local key";
// Between attempts of a commit that a node refused without doing anything.
const RETRY_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The options a Cluster client for a Kv is created with. */
export function clusterOptions(timeoutMs: number) {
  return {
    // A notification's re-read must see the write it announced: reads go to primaries.
    scaleReads: "master",
    // Commands of one tick to the same node go out as one pipeline: getMany and list() fan
    // out to many buckets, and this makes that one round per node.
    enableAutoPipelining: true,
    // ioredis 5.11 reads the slot map only after MOVED, CLUSTERDOWN or a lost connection by
    // default: a Kv that only watches would never learn that a watched key's slot moved.
    slotsRefreshInterval: 1_000,
    slotsRefreshTimeout: timeoutMs,
    redisOptions: { commandTimeout: timeoutMs, autoResendUnfulfilledCommands: false, connectionName: "livekv" },
  } as const;
}

export class ClusterStore implements KvStore {
  readonly db = 0; // Cluster has only database 0
  readonly subscriber: WatchSubscriber;
  readonly #clusterSubscriber: ClusterSubscriber;
  readonly #clocks = new WeakMap<Redis, { clock: RedisClock; at: number }>();
  // Connections to nodes the Cluster client keeps none for, by "host:port": a primary just
  // added, with no slot yet, that a slot being migrated to it sends commits and reads to (ASK).
  readonly #unpooled = new Map<string, Redis>();
  #closed = false;

  constructor(
    readonly cluster: Cluster,
    readonly timeoutMs: number,
  ) {
    // Node errors are ridden out (commands fail or retry); unlistened, they would crash the process.
    cluster.on("error", () => {});
    this.#clusterSubscriber = new ClusterSubscriber(cluster, keyspaceChannelPrefix(0));
    this.subscriber = this.#clusterSubscriber;
    // Once the Cluster client connects to a node (a migration ended, its slot map lists it),
    // the store's own connection to it has served its purpose.
    cluster.on("+node", (redis: Redis) => {
      const address = `${redis.options.host}:${redis.options.port}`;
      const own = this.#unpooled.get(address);
      if (own === undefined) return;
      this.#unpooled.delete(address);
      void own.quit().catch(() => own.disconnect());
    });
  }

  /** Waits for the slot map, then turns keyspace notifications on where they are off, on every node (a replica may be promoted). */
  async open(): Promise<void> {
    await this.#bounded(
      new Promise<void>((resolve, reject) => {
        if (this.cluster.status === "ready") return resolve();
        this.cluster.once("ready", () => resolve());
        this.cluster.once("end", () => reject(new RedisUnavailableError("None of the Redis Cluster's seed nodes answered.")));
      }),
      "the Redis Cluster's slot map",
    );
    await this.#bounded(
      Promise.all(this.cluster.nodes("all").map((node) => ensureKeyspaceNotifications(node))),
      "the Redis Cluster's notification settings",
    );
  }

  async read(groups: string[][]): Promise<(Buffer | null)[][]> {
    // Sent in one tick: auto-pipelining makes them one pipeline per primary.
    const readGroup = (keys: string[]): Promise<(Buffer | null)[]> =>
      this.#followingRedirect(async (send) => {
        if (keys.length === 1) return [await send((client) => client.getBuffer(keys[0]))];
        return keys.length === 0 ? [] : send((client) => client.mgetBuffer(...keys));
      });
    return this.#readAgainOnRedirect(() => Promise.all(groups.map(readGroup)));
  }

  // A script sent after ASKING gets a last ARGV "1" (see KvStore.readScript): a key it reads
  // without declaring it may still be on the node the slot is leaving, where it reads as absent.
  async readScript(script: Script, keys: string[], args: ScriptArg[]): Promise<unknown> {
    const argv = (asking: boolean): ScriptArg[] => [...args, asking ? "1" : ""];
    return this.#readAgainOnRedirect(() =>
      this.#followingRedirect(async (send) => {
        try {
          return await send((client, asking) => client.evalshaBuffer(script.sha, keys.length, ...keys, ...argv(asking)));
        } catch (error) {
          if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
          return send((client, asking) => client.evalBuffer(script.source, keys.length, ...keys, ...argv(asking)));
        }
      }),
    );
  }

  async commit(keys: string[], args: ScriptArg[], wait: WaitForReplicas | null): Promise<CommitReply> {
    const slot = calculateSlot(keys[0]);
    const giveUpAt = Date.now() + this.timeoutMs;
    let withSource = false;
    let askingAt: Redis | null = null;
    let lastRefusal: unknown = null;
    for (;;) {
      // Closed while looking for a primary: the commit was not sent, and will not be.
      if (this.#closed) throw new KvClosedError();
      const left = giveUpAt - Date.now();
      if (left <= 0) {
        throw new RedisUnavailableError(
          `No primary of the Redis Cluster took the commit within ${this.timeoutMs} ms: nothing was done.`,
          { cause: lastRefusal },
        );
      }
      const asking = askingAt;
      askingAt = null;
      const node = asking ?? this.#primaryOf(slot);
      if (node === null) {
        await sleep(RETRY_MS);
        continue;
      }
      try {
        if (node.status === "wait") node.connect().catch(() => {});
        await whenWritable(node, left);
        const deadline = await this.#deadline(node);
        // ASKING applies to the next command on this connection: the commit, sent in this tick.
        if (asking !== null) void node.call("ASKING").catch(() => {});
        const reply = await sendCommit(node, { script: timedCommitScript, withSource, keys, args, deadline, wait });
        if (asking !== null && Buffer.isBuffer(reply.reply)) this.#announce(node, keys.slice(2));
        return reply;
      } catch (error) {
        lastRefusal = error;
        if (error instanceof RedisUnavailableError) {
          await sleep(RETRY_MS); // not sent: the node went away; the slot map will say where to
          continue;
        }
        if (!isReplyError(error)) throw error;
        const refusal = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|NOSCRIPT)\b(?: \d+ (\S+))?/.exec(error.message);
        if (refusal === null) throw error;
        if (refusal[1] === "NOSCRIPT" && !withSource) {
          withSource = true;
          continue;
        }
        if (refusal[1] === "ASK") askingAt = this.#redirectedTo(refusal[2] ?? "");
        if (refusal[1] === "MOVED") this.cluster.refreshSlotsCache();
        if (askingAt === null) await sleep(RETRY_MS);
      }
    }
  }

  /**
   * A node's answer to CLUSTER INFO: as quick as a PING, and it says whether the cluster
   * serves. One that lost every copy of a slot refuses every command (cluster_state:fail,
   * under Redis's default full coverage) while each node still answers a PING.
   */
  async ping(): Promise<number> {
    const started = performance.now();
    const info = String(await this.#bounded(this.cluster.cluster("INFO"), "CLUSTER INFO"));
    const state = /cluster_state:(\w+)/.exec(info)?.[1];
    if (state !== "ok") throw new RedisUnavailableError(`The Redis Cluster is not serving (cluster_state:${state ?? "unknown"}).`);
    return performance.now() - started;
  }

  // Each node within a short bound of its own: one that does not answer is "not read", and
  // must not hold back (a health check gives up on all of them at once) the others' settings.
  async notificationFlags(): Promise<KvNodeNotifications[]> {
    const bound = Math.min(this.timeoutMs, NODE_SETTING_TIMEOUT_MS);
    return Promise.all(
      this.cluster.nodes("all").map(async (node) => ({
        node: `${node.options.host}:${node.options.port}`,
        flags: await this.#bounded(readNotificationFlags(node), "CONFIG GET", bound).catch(() => null),
      })),
    );
  }

  /** Commits not yet sent are not sent any more (KvClosedError). */
  close(): void {
    this.#closed = true;
  }

  async disconnect(): Promise<void> {
    this.#clusterSubscriber.disconnect();
    for (const redis of this.#unpooled.values()) redis.disconnect();
    this.#unpooled.clear();
    await this.cluster.quit().catch(() => this.cluster.disconnect());
  }

  // The connection to the primary serving `slot`, as the Cluster client last saw the slot map.
  #primaryOf(slot: number): Redis | null {
    const address = this.cluster.slots[slot]?.[0];
    return address === undefined ? null : this.#node(address);
  }

  #node(address: string): Redis | null {
    return this.cluster.nodes("all").find((node) => `${node.options.host}:${node.options.port}` === address) ?? null;
  }

  // The node an ASK (or, for a read, a MOVED) names: the Cluster client's connection when it
  // has one, else the store's own, made with the same options (credentials, TLS, timeouts).
  // Once the client has one, the store's goes, after the replies it awaits (QUIT); one that
  // closed is made anew by the next redirection rather than retried meanwhile.
  #redirectedTo(address: string): Redis | null {
    if (this.#closed) return null;
    const pooled = this.#node(address);
    const own = this.#unpooled.get(address);
    if (pooled !== null) {
      if (own) {
        this.#unpooled.delete(address);
        void own.quit().catch(() => own.disconnect());
      }
      return pooled;
    }
    if (own && own.status !== "end") return own;
    const colon = address.lastIndexOf(":");
    if (colon < 0) return null;
    const redis = new Redis({
      ...this.cluster.options.redisOptions,
      host: address.slice(0, colon),
      port: Number(address.slice(colon + 1)),
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    redis.on("error", () => {}); // a failed connection fails the commit's wait for it (not sent)
    this.#unpooled.set(address, redis);
    return redis;
  }

  // A commit that ran on the node a slot is being migrated to raised its keyspace notifications
  // there, and only there: watchers subscribe to a key's channel on the primary the slot map
  // names, which is still the old one until the migration ends. So the store, the only one who
  // knows, announces each data key the commit named on its channel with PUBLISH, which a
  // Cluster forwards to every node. A key only checked is announced too: its watchers read it
  // again and find it unchanged.
  #announce(node: Redis, dataKeys: string[]): void {
    for (const key of dataKeys) void node.publish(keyspaceChannelPrefix(0) + key, MIGRATING_COMMIT_EVENT).catch(() => {});
  }

  // A read goes through the Cluster client. One answered ASK (its keys already moved to the
  // node its slot is being migrated to, the slot not yet handed over) is sent again to that
  // node after ASKING, one answered MOVED to the node it names, on the connection
  // #redirectedTo gives. The Cluster client does not follow them here: it hands back an
  // auto-pipelined batch answered partly ASK or MOVED as it is (after sending all of it to
  // the asked node, where the rest is answered MOVED, and back, a few times), and cannot
  // follow an ASK to a node it keeps no connection to. Nor would reading the slot map again
  // help: it changes only once the migration ends.
  async #followingRedirect<T>(read: (send: SendRead) => Promise<T>): Promise<T> {
    const cluster: ReadClient = this.cluster as Cluster & BufferScripts;
    try {
      return await read((command) => command(cluster, false));
    } catch (error) {
      const redirect = isReplyError(error) ? /^(ASK|MOVED) \d+ (\S+)/.exec(error.message) : null;
      const node = redirect === null ? null : this.#redirectedTo(redirect[2]);
      if (redirect === null || node === null) throw error;
      if (redirect[1] === "MOVED") this.cluster.refreshSlotsCache();
      return read((command) => {
        // ASKING applies to the next command on this connection: the read, sent in this tick.
        if (redirect[1] === "ASK") void node.asking().catch(() => {});
        return command(node as Redis & BufferScripts, redirect[1] === "ASK");
      });
    }
  }

  // Each node has its own clock: a commit's deadline is set by its node's.
  async #deadline(node: Redis): Promise<number> {
    let entry = this.#clocks.get(node);
    if (entry === undefined || Date.now() - entry.at > CLOCK_MAX_AGE_MS) {
      const clock = new RedisClock();
      try {
        await clock.measure(node);
      } catch (error) {
        throw new RedisUnavailableError("The Redis Cluster node did not answer TIME: the commit was not sent.", { cause: error });
      }
      entry = { clock, at: Date.now() };
      this.#clocks.set(node, entry);
    }
    return entry.clock.deadlineIn(this.timeoutMs);
  }

  // The Cluster client follows a single command's redirections, but an auto-pipelined batch
  // whose commands were answered differently (some MOVED during a failover, some not) gets the
  // MOVED or ASK reply back as it is. A read changes nothing, so it is sent again, within the
  // command timeout, once the slot map is read anew.
  async #readAgainOnRedirect<T>(send: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + this.timeoutMs;
    for (;;) {
      try {
        return await this.#bounded(send(), "a read", giveUpAt - Date.now());
      } catch (error) {
        const redirected = isReplyError(error) && /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)\b/.test(error.message);
        // The list script reads data keys it does not declare: while its bucket's slot is half
        // moved (keys migrate in batches), one may be on the other node. A read, so nothing was done.
        const halfMoved = isReplyError(error) && error.message.includes(NON_LOCAL_KEY);
        if (!redirected && !halfMoved) throw error;
        if (Date.now() + RETRY_MS >= giveUpAt) {
          throw halfMoved ? new RedisUnavailableError("A Redis Cluster slot stayed half moved: the read could not be served.", { cause: error }) : error;
        }
        this.cluster.refreshSlotsCache();
        await sleep(RETRY_MS);
      }
    }
  }

  // The Cluster client retries a command through reconnections for as long as it takes; the
  // caller waits at most the command timeout.
  #bounded<T>(promise: Promise<T>, what: string, ms = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisUnavailableError(`The Redis Cluster did not answer ${what} within ${this.timeoutMs} ms.`)),
        Math.max(0, ms),
      );
    });
    promise.catch(() => {}); // its late failure is no one's news
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
