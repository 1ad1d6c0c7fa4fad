// A subscriber connection that dies silently (no FIN: the proxy in front of Redis swallows
// its bytes and keeps the socket open) is found by the hub's PING heartbeat, dropped and
// reconnected, and every watcher gets the write whose notification was lost meanwhile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBlackholeProxy, type BlackholeProxy } from "@/scripts/redis/fixtures/blackhole-proxy";
import { openKv } from "./index";
import type { KvWatchSnapshot } from "./types";
import { StreamProbe, uniquePrefix, useKvTestEnv, values, waitFor } from "./test-support";

const env = useKvTestEnv();
let proxy: BlackholeProxy;

beforeAll(async () => {
  proxy = await startBlackholeProxy(env.server.port);
});
afterAll(async () => {
  await proxy.close();
});

type Snap = KvWatchSnapshot<unknown[]>;

describe("watch heartbeat", () => {
  it("detects a silently dropped subscriber, reconnects, and resyncs every watcher", async () => {
    const prefix = uniquePrefix("heartbeat");
    const watcher = await openKv({ url: proxy.url, prefix });
    const writer = await env.open(prefix);
    const changes: boolean[] = [];
    watcher.onWatchLiveChange((live) => changes.push(live));
    try {
      const a = new StreamProbe(watcher.watch([["a"]]) as unknown as ReadableStream<Snap>);
      const b = new StreamProbe(watcher.watch([["a"], ["b"]]) as unknown as ReadableStream<Snap>);
      expect(values(await a.next())).toEqual([null]);
      expect(values(await b.next())).toEqual([null, null]);
      await writer.set(["a"], 1);
      expect(values(await a.next())).toEqual([1]);
      expect(values(await b.next())).toEqual([1, null]);

      // Only the subscriber goes silent; its client name is in its handshake.
      expect(proxy.silence("livekv-watch")).toBe(1);
      const silencedAt = Date.now();
      await writer.set(["a"], 2);
      await writer.set(["b"], "x");
      // Lost with the silent connection: only a resync after the heartbeat can bring it.
      const snapA = await a.until((s) => s[0].value === 2, 15_000, "the write made while silent");
      const snapB = await b.until((s) => s[0].value === 2 && s[1].value === "x", 5_000, "both writes");
      expect(values(snapA)).toEqual([2]);
      expect(values(snapB)).toEqual([2, "x"]);
      // PING every 5 s, give up after 3 s without PONG: found within about 8 s.
      expect(Date.now() - silencedAt).toBeLessThan(12_000);
      await waitFor(() => changes.length >= 2, "the live flag to go false then true", { timeoutMs: 5_000 });
      expect(changes).toEqual([false, true]);

      // And the new subscriber connection carries notifications again.
      await writer.set(["a"], 3);
      expect(values(await a.until((s) => s[0].value === 3, 5_000))).toEqual([3]);
      await a.cancel();
      await b.cancel();
    } finally {
      await watcher.close();
    }
  }, 30_000);
});
