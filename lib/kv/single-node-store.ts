// A Kv's store on one Redis server: the command connection (bounded, commits never resent)
// and one subscriber connection for the watch hub.

import type Redis from "ioredis";
import type { CommandConnection } from "./command-connection";
import type { KvNodeNotifications } from "./types";
import { runScript, type Script } from "./scripts";
import { readNotificationFlags } from "../redis/notifications";
import type { CommitReply, KvStore, ScriptArg, WaitForReplicas } from "./store";

export class SingleNodeStore implements KvStore {
  readonly db: number;

  constructor(
    readonly commands: CommandConnection,
    readonly subscriber: Redis,
  ) {
    this.db = commands.redis.options.db ?? 0;
  }

  async read(groups: string[][]): Promise<(Buffer | null)[][]> {
    // One server: every group in one MGET.
    const all = groups.flat();
    if (all.length === 0) return groups.map(() => []);
    const redis = await this.commands.ready();
    // One key: a GET, as a get() always sent.
    const raws = all.length === 1 ? [await redis.getBuffer(all[0])] : await redis.mgetBuffer(...all);
    let at = 0;
    return groups.map((group) => raws.slice(at, (at += group.length)));
  }

  async readScript(script: Script, keys: string[], args: ScriptArg[]): Promise<unknown> {
    return runScript(await this.commands.ready(), script, keys, args);
  }

  commit(keys: string[], args: ScriptArg[], wait: WaitForReplicas | null): Promise<CommitReply> {
    return this.commands.commit(keys, args, wait);
  }

  async ping(): Promise<number> {
    const redis = await this.commands.ready();
    const started = performance.now();
    await redis.ping();
    return performance.now() - started;
  }

  async notificationFlags(): Promise<KvNodeNotifications[]> {
    const { host, port, path } = this.commands.redis.options;
    const node = path ?? `${host}:${port}`;
    try {
      return [{ node, flags: await readNotificationFlags(await this.commands.ready()) }];
    } catch {
      return [{ node, flags: null }];
    }
  }

  close(): void {
    this.commands.close();
  }

  async disconnect(): Promise<void> {
    await Promise.all(
      [this.commands.redis, this.subscriber].map((connection) =>
        connection.status === "ready" ? connection.quit().catch(() => connection.disconnect()) : connection.disconnect(),
      ),
    );
  }
}
