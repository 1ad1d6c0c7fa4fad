// The link analytics page as the viewer sees it over time and across reloads: its dates in the
// viewer's own time zone, its shortest ranges moving with the clock while no click comes, and
// its range and filters kept in the page's URL.

import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";

// Headless Chromium's own User-Agent says "HeadlessChrome", which counts as a bot.
const CHROME_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

interface Created {
  code: string;
  createdAt: string;
}

async function createLink(page: Page): Promise<Created> {
  const response = await page.request.post("/api/links", { data: { url: `https://example.com/view?run=${Date.now()}${Math.random()}` } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Created;
}

async function visitor(browser: Browser, baseURL: string, userAgent = CHROME_UA): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, userAgent });
  expect((await context.request.get("/api/links")).status()).toBe(200);
  return context;
}

async function click(context: BrowserContext, code: string): Promise<void> {
  const response = await context.request.get(`/s/${code}`, { maxRedirects: 0 });
  expect(response.status()).toBe(302);
}

async function live(page: Page): Promise<void> {
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
}

/** What the page logged as an error (a hydration mismatch is one) or threw. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("the Created date is in the viewer's time zone, with no hydration mismatch", async ({ browser, baseURL }) => {
  const viewer = await browser.newContext({ baseURL, timezoneId: "Asia/Tokyo" });
  const page = await viewer.newPage();
  const errors = errorsOf(page);
  const link = await createLink(page);

  // Without JavaScript (the server's render) it says UTC, and says so.
  // ICU puts a narrow no-break space before AM/PM; compared as plain spaces.
  const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");
  const html = plain(await (await page.request.get(`/links/${link.code}`)).text());
  const utc = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(Date.parse(link.createdAt));
  expect(html.toLowerCase()).toContain(`datetime="${link.createdAt}"`.toLowerCase());
  expect(html).toContain(`${plain(utc)} UTC`);

  await page.goto(`/links/${link.code}`);
  await live(page);
  const created = page.getByTestId("created-at");
  const tokyo = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tokyo" }).format(Date.parse(link.createdAt));
  await expect(created).toHaveText(`${tokyo} GMT+9`);
  await expect(created).toHaveAttribute("datetime", link.createdAt);
  await expect(created).toHaveAttribute("title", /Japan Standard Time$/);
  expect(errors).toEqual([]);
  await viewer.close();
});

test("the last hour moves with the clock while no click comes: its clicks slide out", async ({ page, browser, baseURL }) => {
  await page.clock.install();
  const link = await createLink(page);
  const other = await visitor(browser, baseURL as string);
  await click(other, link.code);
  await page.goto(`/links/${link.code}?range=1h`);
  await live(page);
  const bars = page.getByTestId("chart-range").locator("g[data-value]");
  await expect(page.getByTestId("range-clicks")).toHaveText("1");
  await expect(bars).toHaveCount(60);
  await expect(bars.nth(59)).toHaveAttribute("data-value", "1");

  // Two minutes on, no click since: the click's minute is two bars back.
  await page.clock.fastForward("02:00");
  await expect(bars.nth(57)).toHaveAttribute("data-value", "1");
  await expect(bars.nth(59)).toHaveAttribute("data-value", "0");
  await expect(bars).toHaveCount(60);
  await expect(page.getByTestId("range-clicks")).toHaveText("1");

  // An hour on, it has left the last hour: every panel of the range says so.
  await page.clock.fastForward("58:00");
  await expect(page.getByTestId("range-clicks")).toHaveText("0");
  await expect(page.getByTestId("range-visitors")).toHaveText("0");
  await expect(page.getByTestId("chart-range")).toHaveAttribute("data-total", "0");
  await expect(page.getByTestId("recent-clicks")).toHaveCount(0);
  // The link's all-time count is not a range's.
  await expect(page.getByTestId("click-count")).toHaveText("1");
  await other.close();
});

test("the range and filters are in the URL: a reload, another browser and back/forward show the same view", async ({ page, browser, baseURL }) => {
  const link = await createLink(page);
  const desktop = await visitor(browser, baseURL as string);
  const phone = await visitor(browser, baseURL as string, IPHONE_UA);
  await click(desktop, link.code);
  await click(phone, link.code);
  await page.goto(`/links/${link.code}`);
  await live(page);
  await expect(page.getByTestId("range-clicks")).toHaveText("2");

  const rangeButton = (name: string) => page.getByTestId("range-picker").getByRole("button", { name });
  await rangeButton("7 days").click();
  await expect(page).toHaveURL(/\?range=7d$/);
  await page.getByTestId("devices").locator('[data-name="mobile"]').getByRole("button").click();
  await expect(page).toHaveURL(/\?range=7d&device=mobile$/);
  await expect(page.getByTestId("range-clicks")).toHaveText("1");

  const sameView = async (shown: Page): Promise<void> => {
    await expect(shown.getByTestId("range-picker").getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
    await expect(shown.getByTestId("active-filter")).toHaveAttribute("data-value", "mobile");
    await expect(shown.getByTestId("range-clicks")).toHaveText("1");
    await expect(shown.getByTestId("chart-range").locator("g[data-value]")).toHaveCount(7);
  };
  await page.reload();
  await sameView(page);
  // The range shown, clicked again, adds no step to go back through.
  const steps = await page.evaluate(() => history.length);
  await rangeButton("7 days").click();
  expect(await page.evaluate(() => history.length)).toBe(steps);
  const elsewhere = await browser.newContext({ baseURL });
  const shared = await elsewhere.newPage();
  await shared.goto(page.url());
  await sameView(shared);

  // Back: the filter goes, then the range; forward brings them again.
  await page.goBack();
  await expect(page).toHaveURL(/\?range=7d$/);
  await expect(page.getByTestId("active-filter")).toHaveCount(0);
  await expect(page.getByTestId("range-clicks")).toHaveText("2");
  await page.goBack();
  await expect(rangeButton("24 hours")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("chart-range").locator("g[data-value]")).toHaveCount(24);
  await page.goForward();
  await page.goForward();
  await sameView(page);
  await Promise.all([desktop.close(), phone.close(), elsewhere.close()]);
});

test("a URL's unknown range or filter values fall back to the default view", async ({ page }) => {
  const link = await createLink(page);
  const errors = errorsOf(page);
  const response = await page.goto(`/links/${link.code}?range=1y&device=toaster&trigger=email&browser=${"x".repeat(300)}&country=`);
  expect(response?.status()).toBe(200);
  await live(page);
  await expect(page.getByTestId("range-picker").getByRole("button", { name: "24 hours" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("filter-bar")).toHaveCount(0);
  await expect(page.getByTestId("chart-range").locator("g[data-value]")).toHaveCount(24);
  expect(errors).toEqual([]);
});
