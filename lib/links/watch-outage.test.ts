// A link's live stats across Redis dying in the middle of a stats read: every reader of the
// link's shared feed stays open through the outage, and once Redis is back they all get the
// stats again, writes made after the restart included.
import { describe, expect, it } from "vitest";
import type { PushListener } from "@/lib/feeds";
import { openKv } from "@/lib/kv";
import { uniquePrefix, useKvTestEnv, waitFor } from "@/lib/kv/test-support";
import { findFreePort } from "@/scripts/redis/free-port";
import { recordClick } from "./click";
import { createLink } from "./create";
import type { Link } from "./types";
import { linkStatsFeed, type LinkStatsUpdate } from "./watch-stats";

const env = useKvTestEnv({ appendOnly: true, port: await findFreePort() });

function reader(): PushListener<LinkStatsUpdate> & { clicks: number[]; ended: boolean } {
  const r = {
    clicks: [] as number[],
    ended: false,
    next: (update: LinkStatsUpdate) => void r.clicks.push(update.stats.clicks),
    end: () => void (r.ended = true),
  };
  return r;
}

const visit = { referrer: "direct", country: "DE", browser: "Firefox", os: "Linux", device: "desktop" } as const;

describe("linkStatsFeed when Redis dies mid-read", () => {
  it("every stream stays open and receives the new stats after Redis is back", async () => {
    const prefix = uniquePrefix("feed-outage");
    const kv = await openKv({ url: env.url, prefix, commandTimeoutMs: 500 });
    const writer = await env.open(prefix);
    try {
      const link: Link = await createLink(kv, { url: "https://target.example/" }, { owner: "o", appOrigin: "http://localhost" });
      // The feed reads the clock right before each stats read: the moment to kill Redis, so the
      // read goes out to a server that is already dead.
      let killed: Promise<void> | null = null;
      let killOnNextRead = false;
      const now = (): number => {
        if (killOnNextRead) {
          killOnNextRead = false;
          killed = env.server.kill("SIGKILL");
        }
        return Date.now();
      };
      const readers = Array.from({ length: 20 }, () => reader());
      const stops = readers.map((r) => linkStatsFeed(kv, link.code, now).listen(r));
      await waitFor(() => readers.every((r) => r.clicks.includes(0)), "the first stats");

      killOnNextRead = true;
      await recordClick(writer, link, { ...visit, at: Date.now() });
      await waitFor(() => killed !== null, "the stats read that kills Redis");
      await killed;
      await env.server.start();

      // Written after the restart: only a feed still running can deliver it.
      await waitFor(() => recordClick(writer, link, { ...visit, at: Date.now() }).then(() => true, () => false), "a click after the restart", {
        timeoutMs: 10_000,
      });
      await waitFor(() => readers.every((r) => r.clicks.includes(2)), "every reader to get the stats after the restart", {
        timeoutMs: 15_000,
      });
      expect(readers.filter((r) => r.ended)).toHaveLength(0);
      stops.forEach((stop) => stop());
    } finally {
      await kv.close();
    }
  }, 40_000);
});
