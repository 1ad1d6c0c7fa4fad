// Chat, what people do with messages once sent, end to end in real Chromium with two
// visitors (separate contexts): one acts, the other sees it live. Edits and deletes (their
// author's only), reactions, links, unread counts in the rooms list, the rate-limit
// countdown, and the room on a phone (who is here, a long name).
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { visitorCookie } from "./support/visitor";

const unique = (label: string) => `${label} ${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

async function createRoom(request: APIRequestContext, name = unique("Changes")): Promise<{ id: string; name: string }> {
  const response = await request.post("/api/rooms", { data: { name }, headers: { cookie: visitorCookie() } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

async function visitor(browser: Browser, name: string, path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((author) => localStorage.setItem("livekv.chat.author", author), name);
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
}

/** The message whose text contains `text`. */
const message = (page: Page, text: string | RegExp) => page.getByTestId("message").filter({ has: page.getByTestId("message-text").getByText(text) });

async function openMenu(page: Page, text: string | RegExp): Promise<void> {
  const item = message(page, text);
  await item.hover();
  await item.getByTestId("message-actions").click();
  await expect(page.getByTestId("message-menu")).toBeVisible();
}

test("edit and delete your own message, live for the other visitor; nobody else may", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", `/chat/${room.id}`);
  const bob = await visitor(browser, "Bob", `/chat/${room.id}`);
  await say(alice, "See you at 5");
  await expect(message(bob, "See you at 5")).toBeVisible();

  // Bob's menu on Alice's message offers reactions only.
  await openMenu(bob, "See you at 5");
  await expect(bob.getByTestId("edit-message")).toHaveCount(0);
  await expect(bob.getByTestId("delete-message")).toHaveCount(0);
  await bob.keyboard.press("Escape");

  await openMenu(alice, "See you at 5");
  await alice.getByTestId("edit-message").click();
  await alice.getByTestId("edit-input").fill("See you at 6");
  await alice.getByTestId("edit-input").press("Enter");
  const edited = message(bob, "See you at 6");
  await expect(edited).toBeVisible();
  await expect(edited.getByTestId("message-edited")).toHaveText("edited");
  await expect(message(bob, "See you at 5")).toHaveCount(0);

  alice.once("dialog", (dialog) => void dialog.accept());
  await openMenu(alice, "See you at 6");
  await alice.getByTestId("delete-message").click();
  const deleted = bob.locator('[data-testid="message"][data-state="deleted"]');
  await expect(deleted).toHaveCount(1);
  await expect(deleted.getByTestId("message-text")).toHaveText("Message deleted");
  await expect(bob.getByText("See you at 6")).toHaveCount(0);

  // A reload shows the same: the store holds the latest state.
  await bob.reload();
  await expect(bob.locator('[data-testid="message"][data-state="deleted"]')).toHaveCount(1);
  await alice.context().close();
  await bob.context().close();
});

test("reactions: live counts, each visitor toggles their own", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", `/chat/${room.id}`);
  const bob = await visitor(browser, "Bob", `/chat/${room.id}`);
  await say(alice, "Ship it?");
  await expect(message(bob, "Ship it?")).toBeVisible();

  await openMenu(bob, "Ship it?");
  await bob.getByTestId("react-party").click();
  const aliceChip = message(alice, "Ship it?").getByTestId("reaction-party");
  await expect(aliceChip.getByTestId("reaction-count")).toHaveText("1");
  await expect(aliceChip).toHaveAttribute("aria-pressed", "false");

  await aliceChip.click(); // Alice adds hers from the chip
  const bobChip = message(bob, "Ship it?").getByTestId("reaction-party");
  await expect(bobChip.getByTestId("reaction-count")).toHaveText("2");
  await expect(bobChip).toHaveAttribute("aria-pressed", "true");
  await expect(aliceChip).toHaveAttribute("aria-pressed", "true");

  await bobChip.click(); // Bob takes his back
  await expect(aliceChip.getByTestId("reaction-count")).toHaveText("1");
  await expect(bobChip).toHaveAttribute("aria-pressed", "false");
  await alice.context().close();
  await bob.context().close();
});

test("links in messages are clickable, safely; hostile text stays text", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", `/chat/${room.id}`);
  const bob = await visitor(browser, "Bob", `/chat/${room.id}`);
  const hostile = `Docs: https://example.com/docs?a=1&b=2. Not links: javascript:alert(1) data:text/html,x <img src=x onerror="window.__pwned=1"> https://evil.example/"onmouseover="window.__pwned=1`;
  await say(alice, hostile);
  const bubble = message(bob, "Docs:");
  await expect(bubble).toBeVisible();
  const links = bubble.getByTestId("message-link");
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toHaveAttribute("href", "https://example.com/docs?a=1&b=2");
  await expect(links.nth(1)).toHaveAttribute("href", "https://evil.example/");
  for (const link of await links.all()) {
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  }
  // The text is shown as typed, and nothing in it became markup.
  await expect(bubble.getByTestId("message-text")).toHaveText(hostile);
  expect(await bubble.locator("img, [onerror], [onmouseover]").count()).toBe(0);
  await bubble.hover();
  expect(await bob.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await alice.context().close();
  await bob.context().close();
});

test("unread counts per room in the rooms list, live, cleared by reading", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", `/chat/${room.id}`);
  // Bob has been in the room, and is now on the rooms list.
  const bob = await visitor(browser, "Bob", `/chat/${room.id}`);
  await say(alice, "before Bob left");
  await expect(message(bob, "before Bob left")).toBeVisible();
  await bob.goto("/chat");
  const card = bob.locator(`[data-testid="room-card"][data-room="${room.id}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("room-unread")).toHaveCount(0);

  await say(alice, "one");
  await say(alice, "two");
  await expect(card.getByTestId("room-unread")).toHaveText("2 unread");

  await card.click();
  await expect(message(bob, "two")).toBeVisible();
  await bob.goto("/chat");
  await expect(bob.locator(`[data-testid="room-card"][data-room="${room.id}"]`)).toBeVisible();
  await expect(bob.locator(`[data-testid="room-card"][data-room="${room.id}"]`).getByTestId("room-unread")).toHaveCount(0);
  await alice.context().close();
  await bob.context().close();
});

test("the rate-limit notice counts down and goes away; sending works again", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", `/chat/${room.id}`);
  let refused = 0;
  for (let i = 1; i <= 21 && refused === 0; i++) {
    await say(alice, `burst ${i}`);
    const bubble = alice.getByTestId("message").filter({ has: alice.getByTestId("message-text").getByText(`burst ${i}`, { exact: true }) });
    await expect(bubble).toHaveAttribute("data-state", /^(sent|failed)$/);
    if ((await bubble.getAttribute("data-state")) === "failed") refused = i;
  }
  expect(refused).toBeGreaterThan(10);
  const notice = alice.getByTestId("rate-limit-notice");
  await expect(notice).toBeVisible();
  const first = Number(/in (\d+) s/.exec((await notice.textContent()) ?? "")?.[1]);
  expect(first).toBeGreaterThanOrEqual(1);
  // It counts down (when more than a second is left), then is gone.
  if (first > 1) await expect(notice).toContainText(new RegExp(`in (${Array.from({ length: first - 1 }, (_, i) => i + 1).join("|")}) s`), { timeout: 3_000 });
  await expect(notice).toHaveCount(0, { timeout: (first + 2) * 1000 });
  await say(alice, "after the wait");
  await expect(alice.getByTestId("message").filter({ hasText: "after the wait" })).toHaveAttribute("data-state", "sent");
  await alice.context().close();
});

test("on a phone: who is here opens from the header, and a long room name can be read in full", async ({ browser, request }) => {
  const name = `Quarterly planning for design systems ${randomBytes(3).toString("hex")}`;
  const room = await createRoom(request, name);
  const alice = await visitor(browser, "Alice", `/chat/${room.id}`);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.addInitScript(() => localStorage.setItem("livekv.chat.author", "Pat"));
  const page = await phone.newPage();
  await page.goto(`/chat/${room.id}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  await page.getByTestId("online-count-compact").click();
  const list = page.locator("details[open]").getByTestId("presence-name");
  await expect(list).toHaveCount(2);
  await expect(page.locator("details[open]")).toContainText("Alice");
  await expect(page.locator("details[open]")).toContainText("Pat");
  expect(await fits()).toBe(true);

  // The title shows two lines at most; a tap shows the whole name.
  const title = page.getByTestId("room-title");
  await expect(title).toHaveAttribute("title", name);
  await title.getByRole("button").click();
  await expect(title.getByRole("button")).toHaveAttribute("aria-expanded", "true");
  await expect(title).toBeVisible();
  expect(await title.evaluate((element) => element.scrollHeight <= element.clientHeight + 1)).toBe(true);

  await page.goto("/chat");
  const card = page.locator(`[data-testid="room-card"][data-room="${room.id}"]`);
  await expect(card.getByTestId("room-name")).toHaveAttribute("title", name);
  expect(await fits()).toBe(true);
  await alice.context().close();
  await phone.close();
});
