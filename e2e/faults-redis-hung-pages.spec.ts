// Pages while Redis is hung (SIGSTOP: the connection stays open, nothing answers): /posts,
// /links and a chat room each answer within the store's command timeout with the app's own
// "temporarily unavailable" page, in the site's look and under its CSP, which retries by
// itself, and the page comes back without a reload once Redis runs again.

import { expect, test } from "@playwright/test";
import { useOwnApp } from "./support/next-instance";
import { visitorCookie } from "./support/visitor";

const own = useOwnApp();
const SCREENSHOTS = process.env.LIVEKV_E2E_SCREENSHOTS;

test("while Redis is hung, pages say so and retry by themselves; they come back on their own once it runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const origin = own.app.origin;
  const cookie = visitorCookie();
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${origin}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  };
  const room = await post("/api/rooms", { name: "Hung store" });
  // A link of this visitor's, so that /links has the visitor's list to read from the store.
  await post("/api/links", { url: "https://example.com/hung" });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: "lkv_vid", value: cookie.slice("lkv_vid=".length), url: origin }]);
  const page = await context.newPage();
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });

  const pid = own.redis.pid ?? 0;
  process.kill(pid, "SIGSTOP");
  try {
    for (const path of ["/links", `/chat/${room.id}`, "/posts"]) {
      // Bounded: the store's command timeout (2 s) per read, never the navigation's own limit.
      const response = await page.goto(`${origin}${path}`, { timeout: 20_000 });
      // Next gives a page no way to choose its status when rendering it failed.
      expect({ path, status: response?.status() }).toEqual({ path, status: 500 });
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page can't be loaded right now");
      await expect(page.getByText("Temporarily unavailable")).toBeVisible();
      await expect(page.getByTestId("retry-status")).toContainText(/Retrying in \d s/);
      // The site's header and footer are still there: the visitor can go elsewhere.
      await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
    }
    if (SCREENSHOTS) {
      await page.screenshot({ path: `${SCREENSHOTS}/unavailable-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SCREENSHOTS}/unavailable-390.png`, fullPage: true });
    }
  } finally {
    process.kill(pid, "SIGCONT");
  }
  // The open /posts page retries by itself and shows the posts, without a reload.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Posts", { timeout: 20_000 });
  expect(refused).toEqual([]);
  await context.close();
});
