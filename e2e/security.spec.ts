// Security headers on every kind of response, and a Content-Security-Policy the pages
// really pass with: every page is loaded in Chromium with a listener for CSP violations
// (and console errors), must report none, and must come alive (its scripts ran: the live
// badge turns "live", which also needs the EventSource the policy allows). And a page on
// another site cannot make a visitor's browser write to the API.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { API_ROUTES } from "../lib/http/api-routes";

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

async function watchForViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return problems;
}

/** Next's client runtime sets window.next once its scripts have run and the page hydrated. */
async function expectScriptsRan(page: Page, path: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => "next" in window), { message: path }).toBe(true);
}

async function violationsOn(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

test("every page loads and runs under its CSP with no violation", async ({ page, request }) => {
  test.setTimeout(90_000);
  const link = await request.post("/api/links", { data: { url: "https://example.com/csp" } });
  expect(link.status()).toBe(201);
  const { code } = (await link.json()) as { code: string };
  const room = await request.post("/api/rooms", { data: { name: `CSP ${Date.now()}` } });
  expect(room.status()).toBe(201);
  const { id: roomId } = (await room.json()) as { id: string };
  const posts = (await (await request.get("/api/posts")).json()) as { posts: { id: string }[] };
  const postId = posts.posts[0].id;

  const problems = await watchForViolations(page);
  // Pages with a live stream: the badge turning "live" proves scripts and EventSource work.
  const live = [`/links/${code}`, "/chat", `/chat/${roomId}`, "/posts", `/posts/${postId}`];
  for (const path of ["/links", ...live]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    await expectScriptsRan(page, path);
    if (live.includes(path)) await expect(page.getByTestId("live-status").first(), path).toHaveAttribute("data-status", "live");
    expect(await violationsOn(page), path).toEqual([]);
  }
  for (const path of ["/", "/status", "/no-such-page"]) {
    await page.goto(path);
    await expectScriptsRan(page, path);
    // The status page's health card is filled in by a client-side fetch: scripts ran.
    if (path === "/status") await expect(page.getByTestId("status-redis")).toHaveText("Reachable");
    expect(await violationsOn(page), path).toEqual([]);
  }
  // Each page's nonce is its own.
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const csp = (await request.get("/links")).headers()["content-security-policy"];
    nonces.add(/'nonce-([^']+)'/.exec(csp)?.[1] ?? "");
  }
  expect(nonces.size).toBe(3);
  expect(problems).toEqual([]);
});

test("markup that slipped into a page cannot run script: inline handlers are refused", async ({ page }) => {
  await watchForViolations(page);
  await page.goto("/links");
  await expectScriptsRan(page, "/links");
  const ran = await page.evaluate(async () => {
    const box = document.createElement("div");
    // What an HTML injection would add: an inline event handler on a failing image.
    box.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
    document.body.append(box);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  expect((await violationsOn(page)).some((v) => v.startsWith("script-src"))).toBe(true);
});

test("nosniff, Referrer-Policy and framing rules on every kind of response", async ({ request }) => {
  const link = await request.post("/api/links", { data: { url: "https://example.com/headers" } });
  const { code } = (await link.json()) as { code: string };
  const html = await request.get("/");
  const staticFile = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await html.text())?.[1] ?? "";
  expect(staticFile).not.toBe("");
  const responses = {
    page: html,
    json: await request.get("/api/posts"),
    error: await request.get("/api/links/zz"),
    redirect: await request.get(`/s/${code}`, { maxRedirects: 0 }),
    statusPage: await request.get("/s/nosuchcode"),
    static: await request.get(staticFile),
    icon: await request.get("/icon.svg"),
  };
  for (const [kind, response] of Object.entries(responses)) {
    const headers = response.headers();
    expect(headers["x-content-type-options"], kind).toBe("nosniff");
    expect(headers["referrer-policy"], kind).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], kind).toBe("DENY");
    expect(headers["content-security-policy"], kind).toContain("frame-ancestors 'none'");
  }
  expect(responses.json.headers()["content-security-policy"]).toMatch(/^default-src 'none'/);
  expect(responses.redirect.status()).toBe(302);
});

/** A page of another site: `localhost` is not the same site as the app's 127.0.0.1 (ports never count). */
async function serveElsewhere(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test("a page on another site cannot like a post or create a link for a visitor, nor replace their cookie", async ({ page, baseURL }) => {
  // The visitor: a link of their own (which gives them their cookie) and a post they read.
  const created = await page.request.post("/api/links", { data: { url: "https://example.com/mine" } });
  expect(created.status()).toBe(201);
  const { code } = (await created.json()) as { code: string };
  const cookieBefore = (await page.context().cookies(baseURL)).find((cookie) => cookie.name === "lkv_vid")?.value;
  expect(cookieBefore).toBeTruthy();
  const posts = (await (await page.request.get("/api/posts")).json()) as { posts: { id: string; counts: { likes: number } }[] };
  const { id, counts: { likes } } = posts.posts[0];

  // Another site's page: fetches with the visitor's credentials (no-cors: no preflight), then
  // a form that posts itself — a top-level navigation, the request most likely to carry cookies.
  const like = `${baseURL}/api/posts/${id}/like`;
  const evil = await serveElsewhere(`<!doctype html>
    <form id="like" method="POST" action="${like}"></form>
    <script>
      const options = { method: "POST", mode: "no-cors", credentials: "include" };
      Promise.allSettled([
        fetch(${JSON.stringify(like)}, options),
        fetch(${JSON.stringify(`${baseURL}/api/links`)}, {
          ...options,
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ url: "https://evil.example/planted" }),
        }),
      ]).then(() => document.getElementById("like").submit());
    </script>`);
  try {
    const formPost = page.waitForResponse((response) => response.url() === like && response.request().method() === "POST" && response.request().isNavigationRequest());
    await page.goto(evil.url);
    const answered = await formPost;
    expect(answered.status()).toBe(403);
    expect(await answered.headerValue("set-cookie")).toBeNull();
    await expect(page.locator("body")).toContainText("cross_site");
  } finally {
    await evil.close();
  }

  // Nothing changed: the like count, the visitor's cookie and their links list.
  const after = (await (await page.request.get(`/api/posts/${id}`)).json()) as { counts: { likes: number } };
  expect(after.counts.likes).toBe(likes);
  const cookieAfter = (await page.context().cookies(baseURL)).find((cookie) => cookie.name === "lkv_vid")?.value;
  expect(cookieAfter).toBe(cookieBefore);
  const mine = (await (await page.request.get("/api/links")).json()) as { links: { code: string; url: string }[] };
  expect(mine.links.map((link) => link.code)).toEqual([code]);
});

test("every write route of the built app refuses a cross-site request, setting no cookie", async ({ request }) => {
  for (const [pattern, methods] of Object.entries(API_ROUTES)) {
    const path = pattern.replace(/\[(\w+)\]/g, "$1-1");
    for (const method of methods.filter((m) => m !== "GET")) {
      const response = await request.fetch(path, {
        method,
        headers: { "sec-fetch-site": "cross-site", origin: "http://localhost:1", "content-type": "application/json" },
        data: "{}",
      });
      expect(response.status(), `${method} ${path}`).toBe(403);
      expect(response.headers()["set-cookie"], `${method} ${path}`).toBeUndefined();
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("cross_site");
    }
  }
});

test("/api/metrics answers a scraper on this machine, not a request a proxy relays or one that claims to be local", async ({ request }) => {
  // The test runs on the app's machine and talks to its server directly (127.0.0.1).
  const local = await request.get("/api/metrics");
  expect(local.status()).toBe(200);
  expect(await local.text()).toContain("livekv_sse_connections");
  const relays: Record<string, string>[] = [
    { "x-forwarded-for": "203.0.113.9" },
    // Copies of the server's own stamp, saying "from loopback, not relayed".
    { "x-forwarded-for": "203.0.113.9", "x-livekv-peer-address": "127.0.0.1", "x-livekv-peer-relays": "" },
    { forwarded: "for=203.0.113.9" },
  ];
  for (const headers of relays) {
    const relayed = await request.get("/api/metrics", { headers });
    expect(relayed.status(), JSON.stringify(headers)).toBe(403);
    expect(((await relayed.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  }
});
