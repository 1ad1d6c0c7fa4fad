// subscribeStream in real Chromium: eight tabs share one SSE connection, a tab that joins
// late gets the current state at once, and when the leader tab goes another takes over
// and resumes; reconnect and offline handling on a real network stack.

import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumPath, launchChromium, startSseTestServer, type SseTestServer } from "./browser-test-support";
import type { ConnectionStatus, StreamEvent } from "@/lib/sse/protocol";

// What the test page keeps on window (a local view, not a global augmentation).
type TestWindow = Window & {
  received: StreamEvent[];
  statuses: ConnectionStatus[];
  unsubscribe: () => void;
};
// page.evaluate sends a function's source to the browser: the cast must be inline there.

const PAGE = `<!doctype html><meta charset="utf-8"><title>sse</title>
<script src="/client.js"></script>
<script>
  window.received = [];
  window.statuses = [];
  window.unsubscribe = livekv.subscribeStream("/events", (e) => received.push(e), (s) => statuses.push(s));
</script>`;

const skip = chromiumPath() === null && !process.env.CI;

describe.skipIf(skip)("subscribeStream across tabs (Chromium)", () => {
  let server: SseTestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startSseTestServer({
      pages: { "/": PAGE },
      scripts: { "/client.js": { entry: fileURLToPath(new URL("./subscribe.ts", import.meta.url)), globalName: "livekv" } },
      streams: ["/events"],
    });
    browser = await launchChromium();
    context = await browser.newContext();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const status = (page: Page): Promise<ConnectionStatus | undefined> => page.evaluate(() => (window as unknown as TestWindow).statuses.at(-1));
  const waitLive = (page: Page): Promise<unknown> =>
    page.waitForFunction(() => (window as unknown as TestWindow).statuses.at(-1) === "live", undefined, { timeout: 10_000 });
  const ids = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as TestWindow).received.map((event) => event.id));
  const waitFor = async (check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const waitForId = (pages: Page[], id: string): Promise<unknown> =>
    Promise.all(
      pages.map((page) =>
        page.waitForFunction((want) => (window as unknown as TestWindow).received.some((event) => event.id === want), id, { timeout: 10_000 }),
      ),
    );

  it("serves eight tabs from one connection, and hands it over when the leader leaves", async () => {
    const stream = server.stream("/events");
    const pages: Page[] = [];
    const openTab = async (): Promise<Page> => {
      const page = await context.newPage();
      await page.goto(server.origin + "/");
      await waitLive(page);
      pages.push(page);
      return page;
    };

    for (let i = 0; i < 7; i += 1) await openTab();
    expect(stream.connections).toHaveLength(1);

    stream.push({ id: "1", event: "stats", data: { clicks: 1 } });
    await waitForId(pages, "1");

    // The eighth tab joins after the event: the leader replays it, no new connection.
    const late = await openTab();
    await waitForId([late], "1");
    expect(await late.evaluate(() => (window as unknown as TestWindow).received)).toEqual([{ type: "stats", id: "1", data: { clicks: 1 } }]);
    expect(stream.connections).toHaveLength(1);

    stream.push({ id: "2", event: "stats", data: { clicks: 2 } });
    await waitForId(pages, "2");
    for (const page of pages) expect(await ids(page)).toEqual(["1", "2"]);

    // The leader (the first tab) closes: its connection ends on the server (the source
    // is released) and one follower reconnects, resuming after the last id it saw.
    const [leader, ...followers] = pages;
    const first = stream.connections[0];
    await leader.close();
    await waitFor(() => !first.open && first.source.returnCalls === 1, "the leader's connection to be released");
    await waitFor(() => stream.openConnections.length === 1, "a follower to take over");
    expect(stream.connections).toHaveLength(2);
    expect(stream.connections[1].lastEventId).toBe("2");
    await Promise.all(followers.map(waitLive));

    stream.push({ id: "3", event: "stats", data: { clicks: 3 } });
    await waitForId(followers, "3");
    for (const page of followers) expect(await ids(page)).toEqual(["1", "2", "3"]);
    expect(stream.openConnections).toHaveLength(1);

    // A dropped connection: the leader reconnects with backoff and resumes; every tab
    // showed "reconnecting" in between.
    stream.openConnections[0].drop();
    await waitFor(() => stream.connections.length === 3 && stream.connections[2].open, "a reconnect");
    expect(stream.connections[2].lastEventId).toBe("3");
    await Promise.all(followers.map(waitLive));
    for (const page of followers) expect(await page.evaluate(() => (window as unknown as TestWindow).statuses)).toContain("reconnecting");
    stream.push({ id: "4", event: "stats", data: { clicks: 4 } });
    await waitForId(followers, "4");

    // Offline: no retries while the device is offline; back online, it resumes at once.
    await context.setOffline(true);
    await Promise.all(
      followers.map((page) =>
        page.waitForFunction(() => (window as unknown as TestWindow).statuses.at(-1) === "offline", undefined, { timeout: 10_000 }),
      ),
    );
    const before = stream.connections.length;
    await context.setOffline(false);
    await waitFor(() => stream.connections.length === before + 1 && stream.openConnections.length === 1, "the reconnect after going online");
    expect(stream.connections.at(-1)?.lastEventId).toBe("4");
    await Promise.all(followers.map(waitLive));

    // The last tab to unsubscribe closes the stream for good.
    for (const page of followers) await page.evaluate(() => (window as unknown as TestWindow).unsubscribe());
    await waitFor(() => stream.openConnections.length === 0, "every connection to close");
    expect(await status(followers[0])).toBe("live");
    await Promise.all(followers.map((page) => page.close()));
  }, 90_000);

  it("falls back to one connection per tab without Web Locks", async () => {
    const stream = server.stream("/events");
    const start = stream.connections.length;
    const isolated = await browser.newContext();
    await isolated.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined });
    });
    const pages = await Promise.all([isolated.newPage(), isolated.newPage()]);
    await Promise.all(pages.map((page) => page.goto(server.origin + "/")));
    await Promise.all(pages.map(waitLive));
    expect(stream.connections.length - start).toBe(2);
    stream.push({ id: "9", data: "both" });
    await waitForId(pages, "9");
    await isolated.close();
  }, 30_000);
});
