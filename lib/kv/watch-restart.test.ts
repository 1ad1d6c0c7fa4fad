// A watch survives its Redis going away: after a restart (same port and data, AOF on) or
// a dropped subscriber connection, it goes on and delivers the latest state, including
// writes whose notifications were lost meanwhile.
import { describe, expect, it } from "vitest";
import { findFreePort } from "@/scripts/redis/free-port";
import { openKv } from "./index";
import type { KvWatchSnapshot } from "./types";
import { useKvTestEnv, uniquePrefix, sleep, StreamProbe, values, waitFor } from "./test-support";

const env = useKvTestEnv({ appendOnly: true, port: await findFreePort() });

type Snap = KvWatchSnapshot<unknown[]>;

describe("watch across Redis outages", () => {
  it("a Redis restart during a watch: the watch goes on and delivers the latest state", async () => {
    const prefix = uniquePrefix("restart");
    const watcher = await env.open(prefix);
    const writer = await env.open(prefix);
    const before = await writer.set(["r"], 1);
    await writer.set(["kept"], "survives");
    const w = new StreamProbe(watcher.watch([["r"], ["other"]]) as unknown as ReadableStream<Snap>);
    expect(values(await w.next())).toEqual([1, null]);
    expect(watcher.watchStats().connected).toBe(true);

    await env.server.stop();
    await waitFor(() => !watcher.watchStats().connected, "the hub to notice Redis went away");
    await env.server.start();

    // Written by a fresh Kv straight after the restart, most likely before the watcher's
    // subscriber is back: only a re-read on reconnect can deliver it.
    const fresh = await env.open(prefix);
    const after = await fresh.set(["r"], 2);
    expect(after.versionstamp > before.versionstamp).toBe(true);
    expect((await fresh.get(["kept"])).value).toBe("survives");

    const s = await w.until((x) => x[0].value === 2, 15_000, "the write made right after the restart");
    expect(s[0].versionstamp).toBe(after.versionstamp);
    await waitFor(() => watcher.watchStats().connected, "the hub to reconnect", { timeoutMs: 10_000 });

    // The old writer reconnects too, and the watch keeps going.
    await writer.set(["other"], "x");
    expect(values(await w.until((x) => x[1].value === "x", 10_000))).toEqual([2, "x"]);
    expect(watcher.watchStats().channels).toBe(2);
    await w.cancel();
  });

  it("a write whose notification is lost while the subscriber reconnects is still delivered", async () => {
    const prefix = uniquePrefix("drop");
    const watcher = await env.open(prefix);
    const writer = await env.open(prefix);
    const w = new StreamProbe(watcher.watch([["k"]]) as unknown as ReadableStream<Snap>);
    expect(values(await w.next())).toEqual([null]);
    // Drop every subscriber connection, then write at once, before it can resubscribe.
    await env.redis().call("CLIENT", "KILL", "TYPE", "pubsub");
    const r = await writer.set(["k"], "during");
    const s = await w.until((x) => x[0].value === "during", 10_000, "the lost write");
    expect(s[0].versionstamp).toBe(r.versionstamp);
    await waitFor(() => watcher.watchStats().connected, "the hub to reconnect", { timeoutMs: 10_000 });
    await writer.set(["k"], "after");
    expect(values(await w.until((x) => x[0].value === "after", 10_000))).toEqual(["after"]);
    await w.cancel();
  });

  it("prefix watches resubscribe after the subscriber reconnects", async () => {
    const prefix = uniquePrefix("prefix-drop");
    const watcher = await env.open(prefix);
    const writer = await env.open(prefix);
    const w = new StreamProbe(watcher.watchPrefix(["room"]));
    await waitFor(async () => Number(await env.redis().call("PUBSUB", "NUMPAT")) >= 1, "pattern subscribed");
    await env.redis().call("CLIENT", "KILL", "TYPE", "pubsub");
    await waitFor(() => watcher.watchStats().connected, "the hub to reconnect", { timeoutMs: 10_000 });
    await waitFor(async () => Number(await env.redis().call("PUBSUB", "NUMPAT")) >= 1, "pattern resubscribed", {
      timeoutMs: 10_000,
    });
    await writer.set(["room", 1], "hello again");
    const batch = await w.until((b) => b.some((e) => e.value === "hello again"), 10_000);
    expect(batch.length).toBeGreaterThan(0);
    await w.cancel();
  });

  it("a prefix watch without `since` catches up after a reconnect from its start, not from the beginning", async () => {
    const prefix = uniquePrefix("prefix-catchup");
    const watcher = await env.open(prefix);
    const writer = await env.open(prefix);
    await writer.set(["room", 1], "old, before the watch");
    const w = new StreamProbe(watcher.watchPrefix(["room"]));
    await waitFor(async () => Number(await env.redis().call("PUBSUB", "NUMPAT")) >= 1, "pattern subscribed");
    await writer.set(["room", 2], "new, after the watch started");
    const first = await w.next();
    expect(first.map((e) => e.value)).toEqual(["new, after the watch started"]);

    await env.redis().call("CLIENT", "KILL", "TYPE", "pubsub");
    // Lost with the subscriber: only the catch-up after the reconnect can deliver it.
    await writer.set(["room", 3], "while reconnecting");
    const batch = await w.until((b) => b.some((e) => e.value === "while reconnecting"), 10_000);
    const seen = [...first, ...batch].map((e) => e.value);
    expect(seen).not.toContain("old, before the watch");
    expect(seen.filter((v) => v === "new, after the watch started")).toHaveLength(1);
    await w.cancel();
  });

  it("a prefix watch opened while Redis is down waits for it, then delivers what is written", async () => {
    const prefix = uniquePrefix("prefix-opened-down");
    const watcher = await openKv({ url: env.url, prefix, commandTimeoutMs: 300 });
    try {
      await env.server.stop();
      const w = new StreamProbe(watcher.watchPrefix(["room"]));
      // Long enough for its first reads (where the watch starts) to fail, more than once.
      await sleep(1_000);
      await env.server.start();
      const writer = await env.open(prefix);
      await waitFor(async () => Number(await env.redis().call("PUBSUB", "NUMPAT")) >= 1, "pattern subscribed", {
        timeoutMs: 10_000,
      });
      await writer.set(["room", 1], "after the outage");
      const batch = await w.until((b) => b.some((e) => e.value === "after the outage"), 10_000);
      expect(batch.map((e) => e.value)).toEqual(["after the outage"]);
      await w.cancel();
    } finally {
      await watcher.close();
    }
  });
});
