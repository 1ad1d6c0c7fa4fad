// The click log's window: whole at first, then only what was logged since; bounded in memory
// and in Redis; per-link visitor ids.
import { describe, expect, it } from "vitest";
import type { Kv } from "@/lib/kv";
import { useKvTestEnv } from "@/lib/kv/test-support";
import { recordClick, type Click } from "../click";
import { createLink } from "../create";
import { recentKey, recentPrefix, RECENT_TTL_MS } from "../keys";
import { timeOrderedId } from "../time-id";
import type { RecentClick } from "../types";
import { ClickLogWindow, LOG_KEPT, LOG_TRIM_AT, readClickLog } from "./click-log";

const env = useKvTestEnv();
const ctx = { owner: "owner-1", appOrigin: "http://localhost:3000" };
const NOW = Date.UTC(2030, 0, 10, 12, 0);

const click = (at: number, overrides: Partial<Click> = {}): Click => ({
  at,
  referrer: "direct",
  country: "DE",
  browser: "Firefox",
  os: "Linux",
  device: "desktop",
  ...overrides,
});

async function count(kv: Kv, code: string): Promise<number> {
  let n = 0;
  for await (const entry of kv.list({ prefix: recentPrefix(code) })) if (entry) n++;
  return n;
}

/** `n` log entries, one a second ending at `end`, written straight to the log (as clicks would). */
async function logMany(kv: Kv, code: string, n: number, end: number): Promise<void> {
  for (let i = 0; i < n; i += 1000) {
    const op = kv.atomic();
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      const at = end - (n - 1 - j) * 1000;
      const entry: RecentClick = { at: new Date(at).toISOString(), referrer: "direct", country: `N${j}`, browser: "b", os: "o", device: "desktop" };
      op.set(recentKey(code, timeOrderedId(at)), entry, { expireIn: RECENT_TTL_MS });
    }
    await op.commit();
  }
}

describe("the click log", () => {
  it("a window reads the log whole once, then the clicks since, in time order", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://t.example/" }, ctx);
    await recordClick(kv, link, click(NOW - 5000, { country: "A" }));
    const window = new ClickLogWindow(kv, link.code);
    expect((await window.refresh(NOW)).clicks.map((entry) => entry.click.country)).toEqual(["A"]);
    await recordClick(kv, link, click(NOW - 1000, { country: "B" }));
    // Logged a little in the past (another instance's clock): still found.
    await recordClick(kv, link, click(NOW - 3000, { country: "C" }));
    const log = await window.refresh(NOW);
    expect(log.clicks.map((entry) => entry.click.country)).toEqual(["A", "C", "B"]);
    expect(log.clicks.map((entry) => entry.at)).toEqual([NOW - 5000, NOW - 3000, NOW - 1000]);
    expect(log.full).toBe(false);
  });

  it(`keeps the newest ${LOG_KEPT} and trims the stored log once it reaches ${LOG_TRIM_AT}`, async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://t.example/" }, ctx);
    await logMany(kv, link.code, LOG_TRIM_AT - 1, NOW);
    const window = new ClickLogWindow(kv, link.code);
    let log = await window.refresh(NOW);
    expect(log.clicks).toHaveLength(LOG_KEPT);
    expect(log.full).toBe(true);
    expect(log.clicks.at(-1)?.click.country).toBe(`N${LOG_TRIM_AT - 2}`);
    // Under the threshold: nothing deleted yet.
    expect(await count(kv, link.code)).toBe(LOG_TRIM_AT - 1);
    await recordClick(kv, link, click(NOW + 1000, { country: "LAST" }));
    log = await window.refresh(NOW + 1000);
    expect(log.clicks.at(-1)?.click.country).toBe("LAST");
    expect(log.clicks).toHaveLength(LOG_KEPT);
    expect(await count(kv, link.code)).toBe(LOG_KEPT);
    // A fresh reader sees the same newest LOG_KEPT.
    const again = await readClickLog(kv, link.code, NOW + 1000);
    expect(again.clicks[0].click.country).toBe(log.clicks[0].click.country);
  }, 60_000);

  it("forgets clicks older than 31 days", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://t.example/" }, ctx);
    await recordClick(kv, link, click(NOW - 32 * 86_400_000, { country: "OLD" }));
    await recordClick(kv, link, click(NOW - 1000, { country: "NEW" }));
    expect((await readClickLog(kv, link.code, NOW)).clicks.map((entry) => entry.click.country)).toEqual(["NEW"]);
  });

  it("logs a visitor under a different id on each link, never as given", async () => {
    const kv = await env.open();
    const [a, b] = await Promise.all([1, 2].map(() => createLink(kv, { url: "https://t.example/" }, ctx)));
    await recordClick(kv, a, click(NOW, { visitor: "same-visitor" }));
    await recordClick(kv, b, click(NOW, { visitor: "same-visitor" }));
    const [inA] = (await readClickLog(kv, a.code, NOW)).clicks;
    const [inB] = (await readClickLog(kv, b.code, NOW)).clicks;
    expect(inA.click.visitor).toMatch(/^[\w-]{16}$/);
    expect(inA.click.visitor).not.toBe(inB.click.visitor);
    expect(inA.click.visitor).not.toContain("same-visitor");
  });
});
