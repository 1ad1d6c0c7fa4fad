// useLiveStream and LiveStatus in real Chromium, on streams from the real sseResponse.

import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  chromiumPath,
  launchChromium,
  startSseTestServer,
  type SseTestServer,
} from "@/lib/client/stream/browser-test-support";

const PAGE = `<!doctype html><meta charset="utf-8"><title>hooks</title>
<div id="root"></div><script src="/demo.js"></script>`;

const skip = chromiumPath() === null && !process.env.CI;

describe.skipIf(skip)("useLiveStream (Chromium)", () => {
  let server: SseTestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startSseTestServer({
      pages: { "/": PAGE },
      scripts: { "/demo.js": { entry: fileURLToPath(new URL("./fixtures/live-stream-demo.tsx", import.meta.url)) } },
      streams: ["/stats", "/log"],
    });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const text = (testId: string): Promise<string> => page.getByTestId(testId).innerText();
  const until = async (check: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it("shows fallback data, then live state, in every component, over one connection", async () => {
    await page.goto(server.origin + "/");
    expect(await text("a-clicks")).toBe("0");
    const badge = page.getByTestId("a").getByTestId("live-status");
    await until(async () => (await badge.getAttribute("data-status")) === "live", "the badge to say live");
    expect(await badge.innerText()).toBe("Live");
    expect(await badge.getAttribute("role")).toBe("status");
    expect(await badge.getAttribute("aria-live")).toBe("polite");

    const stats = server.stream("/stats");
    stats.push({ id: "v1", event: "stats", data: { clicks: 5 } });
    await until(async () => (await text("a-clicks")) === "5" && (await text("b-clicks")) === "5", "both counters");
    // Two components and StrictMode's double effects: still one connection.
    expect(stats.connections).toHaveLength(1);
  });

  it("shows reconnecting, then resyncs to the state sent on reconnect", async () => {
    const stats = server.stream("/stats");
    stats.openConnections[0].drop();
    await until(async () => (await page.getByTestId("a").getByTestId("live-status").getAttribute("data-status")) === "reconnecting", "reconnecting");
    expect(await page.getByTestId("a").getByTestId("live-status").innerText()).toBe("Reconnecting…");
    await until(() => stats.openConnections.length === 1, "the reconnect");
    // A state stream's first event after a reconnect is the full state.
    stats.push({ id: "v2", event: "stats", data: { clicks: 9 } });
    await until(async () => (await text("b-clicks")) === "9", "the resync");
    expect(await page.getByTestId("b").getByTestId("live-status").getAttribute("data-status")).toBe("live");
  });

  it("reports a server-side stream failure as error, cleared by the next event", async () => {
    const stats = server.stream("/stats");
    stats.push({ event: "error", data: { message: "The stream failed on the server" } });
    await until(async () => (await text("a-error")).includes("failed"), "the error");
    expect(await text("a-clicks")).toBe("9");
    stats.push({ id: "v3", event: "stats", data: { clicks: 10 } });
    await until(async () => (await text("a-error")) === "" && (await text("a-clicks")) === "10", "the error to clear");
  });

  it("appends log items after the server-rendered ones, without repeats across a resume", async () => {
    const log = server.stream("/log");
    await until(() => log.openConnections.length === 1, "the log stream");
    log.push({ id: "m1", event: "message", data: { id: "m1", text: "one" } });
    log.push({ id: "m2", event: "message", data: { id: "m2", text: "two" } });
    await until(async () => (await text("log")) === "m0\nm1\nm2", "two messages");
    log.openConnections[0].drop();
    await until(() => log.openConnections.length === 1 && log.connections.length === 2, "the log reconnect");
    expect(log.connections[1].lastEventId).toBe("m2");
    // An overlapping resume (the last item again, then a new one) shows each item once.
    log.push({ id: "m2", event: "message", data: { id: "m2", text: "two" } });
    log.push({ id: "m3", event: "message", data: { id: "m3", text: "three" } });
    await until(async () => (await text("log")) === "m0\nm1\nm2\nm3", "the resumed log");
  });
});
