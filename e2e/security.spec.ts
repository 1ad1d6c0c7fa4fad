// Security headers on every kind of response, and a Content-Security-Policy the pages
// really pass with: every page is loaded in Chromium with a listener for CSP violations
// (and console errors), must report none, and must come alive (its scripts ran: the live
// badge turns "live", which also needs the EventSource the policy allows).

import { expect, test, type Page } from "@playwright/test";

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
  for (const path of ["/", "/no-such-page"]) {
    await page.goto(path);
    await expectScriptsRan(page, path);
    // The home page's health card is filled in by a client-side fetch: scripts ran.
    if (path === "/") await expect(page.getByTestId("status-redis")).toHaveText("Reachable");
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
