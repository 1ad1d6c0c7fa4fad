// Redis restarts under a running app with 100 SSE clients open on several kinds of stream
// and three live pages in Chromium. While Redis is down: every write answers 503 JSON
// "unavailable" (never a hang, never a 500), the streams stay open and say "reconnecting",
// and so do the pages' badges. Once Redis is back: every client and page shows the latest
// state (including writes made right after the restart) within 5 s, without a reload.

import { expect, test, type Page } from "@playwright/test";
import { findFreePort } from "../scripts/redis/free-port";
import { startRedisServer, type RedisServer } from "../scripts/redis/redis-server";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { eventually, SseClient } from "./support/sse-client";
import { visitorCookie } from "./support/visitor";

const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const BACK_WITHIN_MS = 5_000;

let redis: RedisServer;
let app: NextInstance;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  // A fixed port and an append-only file: the restarted server is the same Redis, data kept.
  redis = await startRedisServer({ port: await findFreePort(), appendOnly: true });
  app = await startNextInstance(redis.url);
});

test.afterAll(async () => {
  await app?.stop();
  await redis?.stop();
});

const cookie = (n: number) => ({ cookie: visitorCookie(`fault${n}`.padEnd(22, "x")) });

async function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${app.origin}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", "user-agent": BROWSER_UA, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: "manual",
  });
}

/** Retries a write until it succeeds (Redis may still be loading); returns when it did. */
async function until2xxOr302(what: string, call: () => Promise<Response>): Promise<void> {
  const deadline = performance.now() + BACK_WITHIN_MS;
  for (;;) {
    const response = await call();
    if ((response.status >= 200 && response.status < 300) || response.status === 302) return;
    expect([503], `${what} answered ${response.status}`).toContain(response.status);
    if (performance.now() > deadline) throw new Error(`${what} still failing ${BACK_WITHIN_MS} ms after Redis came back`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("Redis restart: 503 while down, streams and pages say reconnecting, all 100 clients current within 5 s after", async ({ browser }) => {
  test.setTimeout(120_000);
  // The data the streams show.
  const created = await api("/api/links", { body: { url: "https://example.com/fault" } });
  expect(created.status).toBe(201);
  const { code } = (await created.json()) as { code: string };
  const roomResponse = await api("/api/rooms", { body: { name: `Fault ${Date.now()}` }, headers: cookie(0) });
  expect(roomResponse.status).toBe(201);
  const { id: room } = (await roomResponse.json()) as { id: string };
  const { posts } = (await (await api("/api/posts")).json()) as { posts: { id: string; counts: { likes: number } }[] };
  const post = { id: posts[0].id, likes: posts[0].counts.likes };

  // 100 SSE clients over five kinds of stream.
  const urls: string[] = [
    ...Array.from({ length: 30 }, () => `/api/links/${code}/events`),
    ...Array.from({ length: 15 }, () => `/api/links/events?codes=${code}`),
    ...Array.from({ length: 25 }, () => `/api/rooms/${room}/events`),
    ...Array.from({ length: 15 }, () => `/api/posts/${post.id}/events`),
    ...Array.from({ length: 15 }, () => `/api/posts/events?ids=${post.id}`),
  ];
  const clients = urls.map((url) => new SseClient(`${app.origin}${url}`));
  // Three live pages.
  const context = await browser.newContext();
  const pages: Record<"link" | "chat" | "post", Page> = {
    link: await context.newPage(),
    chat: await context.newPage(),
    post: await context.newPage(),
  };
  try {
    await Promise.all(clients.map((client) => client.opened));
    await pages.link.goto(`${app.origin}/links/${code}`);
    await pages.chat.goto(`${app.origin}/chat/${room}`);
    await pages.post.goto(`${app.origin}/posts/${post.id}`);
    for (const page of Object.values(pages)) {
      await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
    }
    await expect(pages.link.getByTestId("click-count")).toHaveText("0");
    // Every client has its first state before the fault.
    await eventually(() => clients.every((c) => c.events.length > 0), () => "first events", 10_000);

    await redis.stop();

    // Streams stay open and tell their clients; the pages' badges say so.
    await eventually(
      () => clients.every((c) => c.latest("upstream")?.data !== undefined),
      () => `${clients.filter((c) => !c.latest("upstream")).length} clients without an upstream event`,
      5_000,
    );
    for (const client of clients) expect(client.latest("upstream")?.data).toEqual({ state: "reconnecting" });
    for (const page of Object.values(pages)) {
      await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "reconnecting");
    }

    // Writes while Redis is down: 503 JSON that says so, quickly.
    const writes: [string, () => Promise<Response>][] = [
      ["create link", () => api("/api/links", { body: { url: "https://example.com/down" }, headers: cookie(1) })],
      ["send message", () => api(`/api/rooms/${room}/messages`, { body: { author: "Ann", text: "while down" }, headers: cookie(2) })],
      ["like", () => api(`/api/posts/${post.id}/like`, { method: "POST", headers: cookie(3) })],
      ["comment", () => api(`/api/posts/${post.id}/comments`, { body: { author: "Ann", text: "while down" }, headers: cookie(4) })],
      ["create room", () => api("/api/rooms", { body: { name: `Down ${Date.now()}` }, headers: cookie(5) })],
    ];
    for (const [what, call] of writes) {
      const started = performance.now();
      const response = await call();
      expect(performance.now() - started, what).toBeLessThan(5_000);
      expect(response.status, what).toBe(503);
      expect(response.headers.get("retry-after"), what).toBe("2");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, what).toBe("unavailable");
      expect(body.error.message, what).toMatch(/unreachable/);
    }
    // The redirect is a page, not JSON: a 503 page, and no click is lost silently.
    expect((await api(`/s/${code}`)).status).toBe(503);

    await redis.start();
    const back = performance.now();

    // Writes made as soon as Redis is back (retried while the app reconnects).
    await until2xxOr302("click", () => api(`/s/${code}`));
    await until2xxOr302("message", () =>
      api(`/api/rooms/${room}/messages`, { body: { author: "Ann", text: "after the restart" }, headers: cookie(6) }),
    );
    await until2xxOr302("like", () => api(`/api/posts/${post.id}/like`, { method: "POST", headers: cookie(7) }));

    const current = (client: SseClient): boolean => {
      if (client.latest("upstream")?.data !== undefined && (client.latest("upstream")?.data as { state: string }).state !== "live") return false;
      if (client.url.includes(`/api/links/${code}/events`)) return (client.latest("stats")?.data as { clicks?: number })?.clicks === 1;
      if (client.url.includes("/api/links/events")) return (client.latest("counts")?.data as Record<string, number>)?.[code] === 1;
      if (client.url.includes("/api/rooms/")) {
        return client.events.some((e) => e.type === "messages" && JSON.stringify(e.data).includes("after the restart"));
      }
      if (client.url.includes(`/api/posts/${post.id}/events`)) return (client.latest("counts")?.data as { likes?: number })?.likes === post.likes + 1;
      return (client.latest("counts")?.data as { counts?: Record<string, { likes: number }> })?.counts?.[post.id]?.likes === post.likes + 1;
    };
    await eventually(
      () => clients.every(current),
      () => {
        const stale = clients.filter((c) => !current(c));
        return `${stale.length} of ${clients.length} clients not current, e.g. ${stale[0]?.url}: ${JSON.stringify(stale[0]?.events.slice(-3))}`;
      },
      BACK_WITHIN_MS - (performance.now() - back),
    );
    const allCurrentMs = Math.round(performance.now() - back);
    test.info().annotations.push({ type: "all 100 clients current after Redis was back", description: `${allCurrentMs} ms` });
    console.log(`[faults] all ${clients.length} SSE clients current ${allCurrentMs} ms after Redis was back`);
    // Nobody needed to reconnect: the same 100 connections carried it through.
    expect(clients.filter((c) => c.ended)).toEqual([]);

    // The pages, unreloaded, show the latest state and are live again.
    const left = () => Math.max(500, BACK_WITHIN_MS - (performance.now() - back));
    await expect(pages.link.getByTestId("click-count")).toHaveText("1", { timeout: left() });
    await expect(pages.chat.getByTestId("message-text").filter({ hasText: "after the restart" })).toHaveCount(1, { timeout: left() });
    await expect(pages.post.getByTestId("like-count")).toHaveText(String(post.likes + 1), { timeout: left() });
    for (const page of Object.values(pages)) {
      await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live", { timeout: left() });
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await context.close();
  }
});
