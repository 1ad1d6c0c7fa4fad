// Posts end to end: real Chromium contexts (separate visitors, separate cookies) against
// the app's server. Counts are compared with what each test saw first, so the tests do not
// depend on each other or on the order they run in.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

// The bar for a like reaching another window. Other live updates get a little more
// room, so a loaded CI machine does not turn them into noise; they still rule out polling.
const LIVE = { timeout: 1_000 };
const SOON = { timeout: 3_000 };
const unique = (label: string) => `${label} ${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

/** A visitor of their own (cookies, storage), on `path`, with the live stream connected. */
async function visitor(browser: Browser, path: string, author?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (author) await context.addInitScript((name) => localStorage.setItem("livekv.posts.author", name), author);
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  return page;
}

const count = async (page: Page, testId: string): Promise<number> =>
  Number((await page.getByTestId(testId).first().textContent())?.replace(/,/g, ""));

test("a like in one window shows in another within 1 s, and unliking brings it back", async ({ browser }) => {
  const path = "/posts/why-we-stopped-polling";
  const a = await visitor(browser, path);
  const b = await visitor(browser, path);
  const before = await count(b, "like-count");
  const like = a.getByTestId("like-button");
  await expect(like).toHaveAttribute("aria-pressed", "false");

  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(a.getByTestId("like-count")).toHaveText(String(before + 1));
  await expect(b.getByTestId("like-count")).toHaveText(String(before + 1), LIVE);
  // B's own button is not pressed: the like is A's.
  await expect(b.getByTestId("like-button")).toHaveAttribute("aria-pressed", "false");

  // A reload remembers A's like (the visitor cookie), and does not count it again.
  await a.reload();
  await expect(a.getByTestId("like-button")).toHaveAttribute("aria-pressed", "true");
  await expect(a.getByTestId("like-count")).toHaveText(String(before + 1));

  await a.getByTestId("like-button").click();
  await expect(a.getByTestId("like-button")).toHaveAttribute("aria-pressed", "false");
  await expect(b.getByTestId("like-count")).toHaveText(String(before), LIVE);
  await expect(a.getByTestId("like-count")).toHaveText(String(before));
});

test("one visitor liking from two tabs at once counts once", async ({ browser }) => {
  const path = "/posts/one-like-one-commit";
  const watcher = await visitor(browser, path);
  const before = await count(watcher, "like-count");
  const context = await browser.newContext();
  // The first request makes the visitor; both tabs then share its cookie.
  expect((await context.request.delete(`/api/posts/one-like-one-commit/like`)).ok()).toBe(true);
  const [tab1, tab2] = [await context.newPage(), await context.newPage()];
  await Promise.all([tab1.goto(path), tab2.goto(path)]);
  // Live means hydrated: the buttons have their handlers.
  for (const tab of [tab1, tab2]) await expect(tab.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  // "At once" for the server: each tab's request waits until the other's has been sent too.
  // Otherwise the first like can commit, reach the other tab over the stream and show there
  // as liked before that tab's click lands (Playwright's clicks are only roughly
  // simultaneous), and that click then rightly takes the like back.
  const methods: string[] = [];
  let bothSent!: () => void;
  const both = new Promise<void>((resolve) => (bothSent = resolve));
  await context.route("**/api/posts/one-like-one-commit/like", async (route) => {
    if (methods.push(route.request().method()) === 2) bothSent();
    await both;
    await route.continue();
  });
  await Promise.all([tab1.getByTestId("like-button").click(), tab2.getByTestId("like-button").click()]);
  await expect(watcher.getByTestId("like-count")).toHaveText(String(before + 1), SOON);
  expect(methods).toEqual(["POST", "POST"]);
  for (const tab of [tab1, tab2]) {
    await expect(tab.getByTestId("like-button")).toHaveAttribute("aria-pressed", "true");
    await expect(tab.getByTestId("like-count")).toHaveText(String(before + 1));
  }
  // Still one after everything settled.
  await watcher.waitForTimeout(300);
  await expect(watcher.getByTestId("like-count")).toHaveText(String(before + 1));
  await context.request.delete(`/api/posts/one-like-one-commit/like`);
  await expect(watcher.getByTestId("like-count")).toHaveText(String(before), SOON);
});

test("a comment from one window appears in another, as text", async ({ browser }) => {
  const path = "/posts/deno-kv-watch-on-redis";
  const a = await visitor(browser, path, "Alice E2E");
  const b = await visitor(browser, path);
  const before = await count(b, "comment-count");
  const text = unique("Live from A <b>not bold</b>");

  // The name was remembered from an earlier visit (localStorage).
  await expect(a.getByRole("textbox", { name: "Name" })).toHaveValue("Alice E2E");
  await a.getByRole("textbox", { name: "Comment" }).fill(text);
  await a.getByRole("button", { name: "Post comment" }).click();
  // Optimistic: the box clears and the comment shows at once in A.
  await expect(a.getByRole("textbox", { name: "Comment" })).toHaveValue("");
  await expect(a.getByTestId("comment-text").filter({ hasText: text })).toHaveCount(1);

  const inB = b.getByTestId("comment").filter({ hasText: text });
  await expect(inB).toHaveCount(1, SOON);
  await expect(inB.getByTestId("comment-author")).toHaveText("Alice E2E");
  await expect(inB.locator("b")).toHaveCount(0);
  await expect(b.getByTestId("comment-count")).toHaveText(String(before + 1), SOON);

  // After the stream delivered A's own comment too, A still shows it once.
  await a.waitForTimeout(300);
  await expect(a.getByTestId("comment-text").filter({ hasText: text })).toHaveCount(1);
  await b.reload();
  await expect(b.getByTestId("comment-text").filter({ hasText: text })).toHaveCount(1);
});

test("the list page's counts are live", async ({ browser }) => {
  const id = "server-sent-events-are-enough";
  const list = await visitor(browser, "/posts");
  const card = list.locator(`[data-testid="post-card"][data-post-id="${id}"]`);
  await expect(card).toBeVisible();
  const likes = Number(await card.getByTestId("post-likes").textContent());
  const comments = Number(await card.getByTestId("post-comments").textContent());

  const author = await visitor(browser, `/posts/${id}`, "Lister");
  await author.getByTestId("like-button").click();
  await expect(card.getByTestId("post-likes")).toHaveText(String(likes + 1), SOON);
  await author.getByRole("textbox", { name: "Comment" }).fill(unique("For the list"));
  await author.getByRole("button", { name: "Post comment" }).click();
  await expect(card.getByTestId("post-comments")).toHaveText(String(comments + 1), SOON);
  await author.getByTestId("like-button").click();
  await expect(card.getByTestId("post-likes")).toHaveText(String(likes), SOON);

  // The card leads to the post.
  await card.getByRole("link").click();
  await expect(list).toHaveURL(new RegExp(`/posts/${id}$`));
  await expect(list.getByRole("heading", { level: 1 })).toHaveText("Server-Sent Events are enough");
});

test("a refused like rolls back and says why", async ({ browser }) => {
  const page = await visitor(browser, "/posts/why-we-stopped-polling");
  const before = await count(page, "like-count");
  await page.route("**/api/posts/*/like", (route) =>
    route.fulfill({
      status: 429,
      headers: { "Retry-After": "7" },
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "rate_limited", message: "Too many likes: try again in 7 s." } }),
    }),
  );
  await page.getByTestId("like-button").click();
  await expect(page.getByTestId("like-message")).toHaveText("Too many likes: try again in 7 s.");
  await expect(page.getByTestId("like-button")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("like-count")).toHaveText(String(before));
});

test("a refused comment comes back into the box with the reason", async ({ browser }) => {
  const page = await visitor(browser, "/posts/one-like-one-commit", "Limited");
  const box = page.getByRole("textbox", { name: "Comment" });
  const send = page.getByRole("button", { name: "Post comment" });
  // Five per 30 s are allowed; the sixth is refused by the server's rate limit.
  for (let i = 1; i <= 5; i++) {
    await box.fill(unique(`allowed ${i}`));
    await send.click();
    await expect(box).toHaveValue("");
    await expect(page.locator('[data-testid="comment"][data-sending]')).toHaveCount(0);
  }
  // The limit is a sliding 30 s window: the previous window's count weighs less as time
  // passes, so if the five straddled a window boundary one more may still fit.
  let refused = "";
  for (let i = 0; i < 6 && refused === ""; i++) {
    const text = unique("maybe refused");
    await box.fill(text);
    await send.click();
    const stored = page.locator('[data-testid="comment"]:not([data-sending])').filter({ hasText: text });
    const error = page.getByTestId("comment-error");
    await expect.poll(async () => (await error.isVisible()) || (await stored.count()) === 1).toBe(true);
    if (await error.isVisible()) refused = text;
  }
  expect(refused).not.toBe("");
  await expect(page.getByTestId("comment-error")).toContainText(/Too many comments: try again in \d+ s\./);
  await expect(box).toHaveValue(refused);
  await expect(page.getByTestId("comment-text").filter({ hasText: refused })).toHaveCount(0);
});

test("an unknown post is a 404 page", async ({ page }) => {
  const response = await page.goto("/posts/no-such-post");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This post does not exist" })).toBeVisible();
});
