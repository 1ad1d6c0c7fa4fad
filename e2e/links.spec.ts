// Shortlinks end to end: a real Chromium against the app's server and its managed Redis.
// Clicks come from a second browser context (another visitor) or from plain HTTP requests
// with a browser's User-Agent — a request without one counts as a bot, not a click.

import { request as httpRequest } from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { settledWatchers, watchers } from "./support/watchers";

const CHROME_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/** A code no earlier run can have taken (the e2e Redis may be reused between runs). */
function uniqueCode(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

interface Created {
  code: string;
  url: string;
  shortUrl: string;
  expiresAt: string | null;
}

async function createByApi(request: APIRequestContext, body: { url: string; code?: string; expireIn?: number }): Promise<Created> {
  const response = await request.post("/api/links", { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Created;
}

async function click(request: APIRequestContext, code: string): Promise<void> {
  const response = await request.get(`/s/${code}`, { maxRedirects: 0, headers: { "user-agent": CHROME_UA } });
  expect(response.status()).toBe(302);
}

async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
}

test("a click from another browser updates the counter, charts and breakdowns within 1 s, without a reload", async ({
  page,
  browser,
  baseURL,
}) => {
  const target = `${baseURL}/?landing=${uniqueCode("e2e")}`;
  await page.goto("/links");
  await page.getByLabel("Long URL").fill(target);
  await page.getByRole("button", { name: "Shorten" }).click();

  const shortLink = page.getByTestId("created-short-url");
  await expect(shortLink).toHaveText(/\/s\/[A-Za-z0-9]{7}$/);
  const shortUrl = (await shortLink.textContent()) ?? "";
  const code = shortUrl.split("/s/")[1];
  // The new link is listed at once, with its (live) count.
  const listed = page.locator(`[data-testid="my-link"][data-code="${code}"]`);
  await expect(listed.getByTestId("link-clicks")).toHaveText("0");

  await page.getByRole("link", { name: "Watch its clicks live" }).click();
  await expect(page).toHaveURL(`/links/${code}`);
  await expectLive(page);
  await expect(page.getByTestId("click-count")).toHaveText("0");
  await expect(page.getByTestId("chart-minutes")).toHaveAttribute("data-total", "0");
  // Survives only if the page is never reloaded.
  await page.evaluate(() => document.body.setAttribute("data-not-reloaded", "yes"));
  // Stamps (on the shared system clock) the moment the counter and the minute chart both
  // show the click, so the latency measured is the page's, not this test's polling.
  await page.evaluate(() => {
    const shown = (): boolean =>
      document.querySelector('[data-testid="click-count"]')?.textContent === "1" &&
      document.querySelector('[data-testid="chart-minutes"]')?.getAttribute("data-total") === "1";
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      (window as unknown as { updatedAt?: number }).updatedAt = Date.now();
      observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  const visitor = await browser.newContext({ userAgent: CHROME_UA, extraHTTPHeaders: { "cf-ipcountry": "DE" } });
  try {
    const b = await visitor.newPage();
    let redirectedAt = 0;
    b.on("response", (response) => {
      if (response.status() === 302) redirectedAt = Date.now();
    });
    await b.goto(shortUrl, { referer: "https://news.example.org/item?id=1" });
    await expect(b).toHaveURL(target);
    expect(redirectedAt).toBeGreaterThan(0);

    await expect(page.getByTestId("click-count")).toHaveText("1", { timeout: 1_000 });
    await expect(page.getByTestId("chart-minutes")).toHaveAttribute("data-total", "1", { timeout: 1_000 });
    await expect(page.getByTestId("chart-range")).toHaveAttribute("data-total", "1", { timeout: 1_000 });
    // Within 1 s of the redirect itself, not just of the landing page's load.
    const updatedAt = await page.evaluate(() => (window as unknown as { updatedAt?: number }).updatedAt ?? 0);
    expect(updatedAt).toBeGreaterThan(0);
    expect(updatedAt - redirectedAt).toBeLessThan(1_000);

    await expect(page.getByTestId("referrers").locator('[data-name="news.example.org"]')).toContainText("1");
    await expect(page.getByTestId("countries").locator('[data-name="DE"]')).toContainText("Germany");
    await expect(page.getByTestId("browsers").locator('[data-name="Chrome"]')).toContainText("1");
    await expect(page.getByTestId("recent-clicks").getByRole("listitem")).toHaveCount(1);
    await expect(page.locator("body")).toHaveAttribute("data-not-reloaded", "yes");

    // A second click moves the same live page again.
    await b.goto(shortUrl);
    await expect(page.getByTestId("click-count")).toHaveText("2", { timeout: 1_000 });
  } finally {
    await visitor.close();
  }
});

test("the /links list keeps each link's click count live", async ({ page, request, baseURL }) => {
  // Created through the page's own context, so the visitor cookie makes it this visitor's link.
  const link = await createByApi(page.request, { url: `${baseURL}/?list=${uniqueCode("e2e")}` });
  await page.goto("/links");
  const row = page.locator(`[data-testid="my-link"][data-code="${link.code}"]`);
  await expect(row.getByTestId("link-clicks")).toHaveText("0");
  await expectLive(page);

  await click(request, link.code);
  await expect(row.getByTestId("link-clicks")).toHaveText("1", { timeout: 1_000 });
  await click(request, link.code);
  await expect(row.getByTestId("link-clicks")).toHaveText("2", { timeout: 1_000 });
});

test("invalid input gets a clear error under the field it is about", async ({ page, baseURL }) => {
  await page.goto("/links");
  const url = page.getByLabel("Long URL");
  const code = page.getByLabel(/Custom code/);
  const shorten = page.getByRole("button", { name: "Shorten" });
  const errorOf = (field: "url" | "code") => page.locator(`[data-testid="field-error"][data-field="${field}"]`);

  const cases: { url: string; code?: string; field: "url" | "code"; message: RegExp }[] = [
    { url: "javascript:alert(1)", field: "url", message: /Only http:\/\/ and https:\/\/ links/ },
    { url: "example.com/page", field: "url", message: /not a complete URL/ },
    { url: "", field: "url", message: /Enter the URL/ },
    { url: `${baseURL}/s/abcdefg`, field: "url", message: /already a short link/ },
    { url: "https://example.com/", code: "no spaces", field: "code", message: /3 to 32 characters/ },
    { url: "https://example.com/", code: "API", field: "code", message: /reserved/ },
  ];
  for (const item of cases) {
    await url.fill(item.url);
    await code.fill(item.code ?? "");
    await shorten.click();
    await expect(errorOf(item.field)).toHaveText(item.message);
    await expect(item.field === "url" ? url : code).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("created-link")).toHaveCount(0);
  }

  // A taken code: the first create works, the second says so.
  const taken = uniqueCode("taken");
  await url.fill("https://example.com/first");
  await code.fill(taken);
  await shorten.click();
  await expect(page.getByTestId("created-short-url")).toHaveText(new RegExp(`/s/${taken}$`));
  await url.fill("https://example.com/second");
  await code.fill(taken);
  await shorten.click();
  await expect(errorOf("code")).toHaveText(/already taken/);
  await expect(code).toHaveAttribute("aria-invalid", "true");
});

test("a create whose answer was lost, sent again from the form, makes one link", async ({ page, baseURL }) => {
  // A link first, so the page's context has its visitor cookie and a list to count in.
  await createByApi(page.request, { url: `${baseURL}/?once=first` });
  await page.goto("/links");
  // The first create reaches the server and is done there, but its answer never arrives:
  // what a connection dropped after the commit looks like to the page.
  let dropped = false;
  await page.route("**/api/links", async (route) => {
    if (route.request().method() !== "POST" || dropped) return route.continue();
    dropped = true;
    await route.fetch();
    await route.abort("connectionreset");
  });
  const target = `https://example.com/${uniqueCode("once")}`;
  await page.getByLabel("Long URL").fill(target);
  const shorten = page.getByRole("button", { name: "Shorten" });
  await shorten.click();
  await expect(page.locator('[data-testid="field-error"][data-field="form"]')).toHaveText(/Could not reach the server/);
  await shorten.click();
  await expect(page.getByTestId("created-short-url")).toBeVisible();
  const { links } = (await (await page.request.get("/api/links")).json()) as { links: { url: string }[] };
  expect(links.filter((link) => link.url === target)).toHaveLength(1);
});

test("the expiry choice is sent as expireIn and shown on the list", async ({ page }) => {
  await page.goto("/links");
  await page.getByLabel("Long URL").fill("https://example.com/expiring");
  await page.getByLabel("Expires").selectOption({ label: "In 1 day" });
  const posted = page.waitForRequest((request) => request.url().endsWith("/api/links") && request.method() === "POST");
  await page.getByRole("button", { name: "Shorten" }).click();
  expect((await posted).postDataJSON()).toMatchObject({ url: "https://example.com/expiring", expireIn: 86_400_000 });
  const code = ((await page.getByTestId("created-short-url").textContent()) ?? "").split("/s/")[1];
  await expect(page.locator(`[data-testid="my-link"][data-code="${code}"]`)).toContainText(/Expires in (23|24) h/);
});

test("unknown codes get a 404 page, on the analytics page and on the short link", async ({ page, request }) => {
  const code = uniqueCode("nope");
  const analytics = await page.goto(`/links/${code}`);
  expect(analytics?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Link not found");
  await expect(page.getByRole("link", { name: "Create a short link" })).toHaveAttribute("href", "/links");

  const short = await page.goto(`/s/${code}`);
  expect(short?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Short link not found");

  // Not even a plausible code: still a 404, not an error.
  expect((await request.get("/links/%E2%9C%93")).status()).toBe(404);
});

test("the redirect is a 302 to the target, never cached", async ({ request, baseURL }) => {
  const target = `${baseURL}/?redirect=${uniqueCode("e2e")}`;
  const link = await createByApi(request, { url: target });
  const response = await request.get(`/s/${link.code}`, { maxRedirects: 0, headers: { "user-agent": CHROME_UA } });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toBe(target);
  expect(response.headers()["cache-control"]).toContain("no-store");
});

/** A request sent with a Host header of our choosing (fetch will not send one), its answer read whole. */
function withHost(origin: string, host: string, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; location: string | undefined; body: string }>((resolve, reject) => {
    const sent = httpRequest(`${origin}${path}`, { method: init.method ?? "GET", headers: { ...init.headers, host } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, location: response.headers.location, body }));
    });
    sent.on("error", reject);
    sent.end(init.body);
  });
}

/** A counter's value in GET /api/metrics (this process's). */
async function metric(request: APIRequestContext, name: string): Promise<number> {
  const text = await (await request.get("/api/metrics")).text();
  const line = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
  expect(line, name).not.toBeNull();
  return Number(line?.[1]);
}

test("the app's server answers clicks before Next: its metrics count every visit it answered", async ({ request, baseURL }) => {
  const link = await createByApi(request, { url: `${baseURL}/?front=${uniqueCode("e2e")}` });
  const frontBefore = await metric(request, "livekv_link_visits_front_total");
  const clicksBefore = await metric(request, "livekv_link_clicks_total");
  for (let i = 0; i < 3; i += 1) await click(request, link.code);
  expect((await request.get(`/s/${uniqueCode("none")}`, { maxRedirects: 0 })).status()).toBe(404);
  expect(await metric(request, "livekv_link_visits_front_total")).toBe(frontBefore + 4);
  expect(await metric(request, "livekv_link_clicks_total")).toBe(clicksBefore + 3);
});

test("a link back to a short link of this app is refused with a forged Host, and not followed from the host it is on", async ({ request, baseURL }) => {
  const origin = baseURL ?? "";
  // The review's repro: created "from" evil.example, pointing back at itself on this server.
  const code = uniqueCode("loop");
  const forged = await withHost(origin, "evil.example", "/api/links", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: `${origin}/s/${code}`, code }),
  });
  expect(forged.status).toBe(422);
  expect(JSON.parse(forged.body)).toMatchObject({ error: { code: "invalid_url" } });
  expect((await request.get(`/s/${code}`, { maxRedirects: 0 })).status()).toBe(404);

  // A short link on another host is another site's, until a visitor reaches this app by that
  // host: then following it would come straight back here.
  const inner = await createByApi(request, { url: `${origin}/?inner=${uniqueCode("e2e")}` });
  const outer = await createByApi(request, { url: `http://sho.rt.example/s/${inner.code}` });
  const click = { headers: { "user-agent": CHROME_UA } };
  const blocked = await withHost(origin, "sho.rt.example", `/s/${outer.code}`, click);
  expect([blocked.status, blocked.location]).toEqual([403, undefined]);
  expect(blocked.body).toContain("short link of this site");
  const followed = await withHost(origin, "127.0.0.1", `/s/${outer.code}`, click);
  expect([followed.status, followed.location]).toEqual([302, outer.url]);
  const stats = (await (await request.get(`/api/links/${outer.code}`)).json()) as { clicks: number; botHits: number };
  expect([stats.clicks, stats.botHits]).toEqual([1, 0]);
});

test("an expired link answers 410 with a page that says so, and its analytics say expired", async ({ page, request, baseURL }) => {
  const link = await createByApi(request, { url: `${baseURL}/?soon=${uniqueCode("e2e")}`, expireIn: 2_000 });
  expect(link.expiresAt).not.toBeNull();

  // Before expiry it redirects…
  await click(request, link.code);
  await page.goto(`/links/${link.code}`);
  await expect(page.getByTestId("click-count")).toHaveText("1");
  // …and the open page turns to "expired" by itself when the time comes.
  await expect(page.getByTestId("expired-banner")).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId("expiry")).toHaveAttribute("data-expired", "true");

  const gone = await request.get(`/s/${link.code}`, { maxRedirects: 0, headers: { "user-agent": CHROME_UA } });
  expect(gone.status()).toBe(410);
  expect(await gone.text()).toContain("expired");
  const shown = await page.goto(`/s/${link.code}`);
  expect(shown?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This short link has expired");
});

test("eight tabs of one analytics page all update, over one shared stream", async ({ context, request, baseURL }) => {
  // Eight full page loads: on a busy 2-core machine that alone can take half a minute.
  test.setTimeout(120_000);
  const link = await createByApi(request, { url: `${baseURL}/?tabs=${uniqueCode("e2e")}` });
  const streamPath = `/api/links/${link.code}/events`;
  let streamRequests = 0;
  context.on("request", (r) => {
    if (new URL(r.url()).pathname === streamPath) streamRequests += 1;
  });

  const watchersBefore = await settledWatchers(request);
  const tabs: Page[] = [];
  for (let i = 0; i < 8; i += 1) {
    const tab = await context.newPage();
    await tab.goto(`/links/${link.code}`);
    await expectLive(tab);
    await expect(tab.getByTestId("click-count")).toHaveText("0");
    tabs.push(tab);
  }

  await click(request, link.code);
  for (const tab of tabs) await expect(tab.getByTestId("click-count")).toHaveText("1", { timeout: 5_000 });
  await click(request, link.code);
  for (const tab of tabs) await expect(tab.getByTestId("click-count")).toHaveText("2", { timeout: 5_000 });

  // One EventSource for the whole browser (a Web Locks leader tab shares it over a
  // BroadcastChannel): eight would pass the ~6 connections a browser allows per origin.
  expect(streamRequests).toBe(1);
  // And one watch on the server for all of them.
  expect(await watchers(request)).toBe(watchersBefore + 1);
});
