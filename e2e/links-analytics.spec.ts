// Shortlink analytics of a time range, end to end: one browser context watches a link's
// analytics page while other contexts (other visitors, other devices) click it, and every
// change reaches the watcher live — unique visitors, QR scans, UTM tags, filters, the viewer's
// own time zone, the CSV export, the visitor's top links, and countries from the IP database.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { findFreePort } from "../scripts/redis/free-port";
import { startApp, type AppProcess } from "./support/app-process";

// Headless Chromium's own User-Agent says "HeadlessChrome", which counts as a bot.
const CHROME_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

interface Created {
  code: string;
  shortUrl: string;
}

/** A link made from the viewer's own context (so it is among the viewer's links). */
async function createLink(page: Page, url = `https://example.com/landing?run=${Date.now()}${Math.random()}`): Promise<Created> {
  const response = await page.request.post("/api/links", { data: { url } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Created;
}

async function watch(page: Page, code: string): Promise<void> {
  await page.goto(`/links/${code}`);
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
}

/** Another visitor: a browser context of its own, which got a visitor cookie from the app. */
async function visitor(browser: Browser, baseURL: string, options: { userAgent?: string; headers?: Record<string, string> } = {}) {
  const context = await browser.newContext({ baseURL, userAgent: options.userAgent ?? CHROME_UA, extraHTTPHeaders: options.headers });
  // Any API call hands out the visitor cookie, as opening the app would.
  expect((await context.request.get("/api/links")).status()).toBe(200);
  return context;
}

async function click(context: BrowserContext, code: string, query = ""): Promise<void> {
  const response = await context.request.get(`/s/${code}${query}`, { maxRedirects: 0 });
  expect(response.status()).toBe(302);
}

test("unique visitors and QR scans appear beside clicks, live", async ({ page, browser, baseURL }) => {
  const link = await createLink(page);
  await watch(page, link.code);
  await expect(page.getByTestId("range-clicks")).toHaveText("0");

  const desktop = await visitor(browser, baseURL as string);
  const phone = await visitor(browser, baseURL as string, { userAgent: IPHONE_UA });
  await click(desktop, link.code);
  await click(desktop, link.code);
  await expect(page.getByTestId("range-clicks")).toHaveText("2");
  await expect(page.getByTestId("range-visitors")).toHaveText("1");

  // The QR code carries the marker; a scan is one more click, counted apart, by a new visitor.
  await expect(page.getByTestId("qr-code")).toHaveAttribute("aria-label", `QR code for ${link.shortUrl}?qr=1`);
  await click(phone, link.code, "?qr=1");
  await expect(page.getByTestId("range-clicks")).toHaveText("3");
  await expect(page.getByTestId("range-visitors")).toHaveText("2");
  await expect(page.getByTestId("range-qr-scans")).toHaveText("1");
  await expect(page.getByTestId("triggers").locator('[data-name="qr"]')).toContainText("QR scans");
  await expect(page.getByTestId("chart-range")).toHaveAttribute("data-total", "3");
  await Promise.all([desktop.close(), phone.close()]);
});

test("choosing a device filters every other panel, and the filtered view stays live", async ({ page, browser, baseURL }) => {
  const link = await createLink(page);
  await watch(page, link.code);
  const desktop = await visitor(browser, baseURL as string, { headers: { referer: "https://news.example.org/item" } });
  const phone = await visitor(browser, baseURL as string, { userAgent: IPHONE_UA });
  await click(desktop, link.code);
  await click(phone, link.code, "?utm_source=newsletter&utm_medium=email");
  await expect(page.getByTestId("range-clicks")).toHaveText("2");
  await expect(page.getByTestId("utm-source").locator('[data-name="newsletter"]')).toContainText("1");

  await page.getByTestId("devices").locator('[data-name="mobile"]').getByRole("button").click();
  await expect(page.getByTestId("active-filter")).toHaveAttribute("data-value", "mobile");
  await expect(page.getByTestId("range-clicks")).toHaveText("1");
  await expect(page.getByTestId("browsers").locator("[data-name]")).toHaveCount(1);
  await expect(page.getByTestId("browsers").locator('[data-name="Safari"]')).toContainText("1");
  await expect(page.getByTestId("referrers").locator('[data-name="news.example.org"]')).toHaveCount(0);
  // The filter's own panel still lists the other devices, the chosen one marked.
  await expect(page.getByTestId("devices").locator('[data-name="desktop"]')).toBeVisible();
  await expect(page.getByTestId("devices").locator('[data-name="mobile"]').getByRole("button")).toHaveAttribute("aria-pressed", "true");

  // Live under the filter: a phone click counts, a desktop click does not.
  await click(phone, link.code);
  await expect(page.getByTestId("range-clicks")).toHaveText("2");
  await click(desktop, link.code);
  await expect(page.getByTestId("click-count")).toHaveText("4");
  await expect(page.getByTestId("range-clicks")).toHaveText("2");
  await expect(page.getByTestId("recent-clicks").getByRole("listitem")).toHaveCount(2);

  await page.getByTestId("active-filter").click();
  await expect(page.getByTestId("range-clicks")).toHaveText("4");
  await Promise.all([desktop.close(), phone.close()]);
});

test("ranges are bucketed in the viewer's time zone, and a range's clicks download as CSV", async ({ browser, baseURL }) => {
  const viewer = await browser.newContext({ baseURL, timezoneId: "Asia/Kolkata" });
  const page = await viewer.newPage();
  const link = await createLink(page);
  await watch(page, link.code);
  const other = await visitor(browser, baseURL as string);
  await click(other, link.code);
  await expect(page.getByTestId("range-clicks")).toHaveText("1");
  // Chromium names the zone by its older alias.
  await expect(page.getByTestId("chart-range")).toContainText(/Asia\/(Kolkata|Calcutta)/);
  // Local hours: in India they start at half past the UTC hour.
  await expect(page.getByTestId("chart-range")).toContainText(/\d\d:00 (AM|PM) · 1 visitor: 1 click/);

  await page.getByTestId("range-picker").getByRole("button", { name: "7 days" }).click();
  await expect(page.getByTestId("range-picker").getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("chart-range").locator("g[data-value]")).toHaveCount(7);
  await expect(page.getByTestId("chart-range")).toHaveAttribute("data-total", "1");
  await click(other, link.code);
  await expect(page.getByTestId("chart-range")).toHaveAttribute("data-total", "2");
  await page.getByTestId("range-picker").getByRole("button", { name: "Last hour" }).click();
  await expect(page.getByTestId("chart-range").locator("g[data-value]")).toHaveCount(60);
  await expect(page.getByTestId("range-clicks")).toHaveText("2");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toBe(`${link.code}-clicks-1h.csv`);
  const lines = (await (await download.createReadStream()).toArray()).join("").trim().split("\r\n");
  expect(lines[0]).toMatch(/^time_utc,time_local,trigger,referrer,country/);
  expect(lines).toHaveLength(3);
  // The local time column is in the viewer's zone: 5 h 30 min ahead of UTC.
  const [utc, local] = lines[1].split(",");
  expect(Date.parse(`${local.replace(" ", "T")}Z`) - Date.parse(utc)).toBe(5.5 * 3_600_000 - (Date.parse(utc) % 1000));
  await Promise.all([viewer.close(), other.close()]);
});

test("the visitor's top links rank their links by clicks, live", async ({ page, browser, baseURL }) => {
  const quiet = await createLink(page);
  const busy = await createLink(page);
  await page.goto("/links");
  const other = await visitor(browser, baseURL as string);
  await click(other, quiet.code);
  const top = page.getByTestId("top-links");
  await expect(top.locator("li").first()).toHaveAttribute("data-code", quiet.code);
  await click(other, busy.code);
  await click(other, busy.code);
  await expect(top.locator("li").first()).toHaveAttribute("data-code", busy.code);
  await expect(top.locator(`[data-code="${busy.code}"]`)).toContainText("2");
  await other.close();
});

test.describe("behind a trusted proxy", () => {
  let app: AppProcess;
  test.beforeAll(async () => {
    app = await startApp({ port: await findFreePort(), dataDir: mkdtempSync(join(tmpdir(), "livekv-e2e-geo-")), env: { TRUST_PROXY: "1" } });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("a click's country comes from its address (the IP database) when no CDN says", async ({ browser }) => {
    const viewer = await browser.newContext({ baseURL: app.origin });
    const page = await viewer.newPage();
    const link = await createLink(page);
    await watch(page, link.code);
    // The address the proxy says the click came from: RIPE NCC's, in the Netherlands.
    const dutch = await visitor(browser, app.origin, { headers: { "x-forwarded-for": "193.0.6.139" } });
    await click(dutch, link.code);
    await expect(page.getByTestId("countries").locator('[data-name="NL"]')).toContainText("Netherlands");
    await Promise.all([viewer.close(), dutch.close()]);
  });
});
