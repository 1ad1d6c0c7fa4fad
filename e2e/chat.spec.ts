// Chat rooms end to end: real Chromium contexts (separate visitors) against the app's server.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { visitorCookie } from "./support/visitor";

const unique = (label: string) => `${label} ${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

async function createRoom(request: APIRequestContext, name = unique("E2E room")): Promise<{ id: string; name: string }> {
  const response = await request.post("/api/rooms", { data: { name }, headers: { cookie: visitorCookie() } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

/** Posts `count` messages through the API, spread over visitors so the rate limit never bites. */
async function seed(request: APIRequestContext, roomId: string, count: number, text = (i: number) => `seeded ${i}`): Promise<void> {
  let cookie = "";
  for (let i = 1; i <= count; i++) {
    if (i % 10 === 1) cookie = visitorCookie();
    const response = await request.post(`/api/rooms/${roomId}/messages`, {
      data: { author: "Seeder", text: text(i) },
      headers: { cookie },
    });
    expect(response.status()).toBe(201);
  }
}

/** A visitor of their own (cookies, storage) who posts as `name`, in the room. */
async function visitor(browser: Browser, name: string, roomId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((author) => localStorage.setItem("livekv.chat.author", author), name);
  const page = await context.newPage();
  await page.goto(`/chat/${roomId}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  return page;
}

const composer = (page: Page) => page.getByTestId("composer-input");
// Desktop width: who is here shows in the sidebar (phones get the same list in a drop-down).
const presence = (page: Page) => page.getByTestId("presence-sidebar");
const messageTexts = (page: Page) => page.getByTestId("messages").getByTestId("message-text");

/** The message whose text is exactly `text`. */
const messageWithText = (page: Page, text: string) =>
  page.getByTestId("message").filter({ has: page.getByTestId("message-text").getByText(text, { exact: true }) });

async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

test("two visitors in one room: live delivery within 1 s, presence, history after reload", async ({ browser, request }) => {
  // Next loads a route's code on its first request; the 1 s is about delivery, so the
  // send route is warmed up first (in a room of its own, so this room's history stays clean).
  await seed(request, (await createRoom(request)).id, 1);
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", room.id);
  const bob = await visitor(browser, "Bob", room.id);

  // Presence: each sees both, under the names they post with.
  for (const page of [alice, bob]) {
    await expect(presence(page).getByTestId("presence-list")).toContainText("Alice");
    await expect(presence(page).getByTestId("presence-list")).toContainText("Bob");
    await expect(presence(page).getByTestId("online-count")).toHaveText("2 online");
  }

  // A message from Alice shows in Bob's window within a second: from her keypress to the
  // moment it is in Bob's page, both read in the pages themselves (one machine, one clock),
  // so Playwright's polling interval is not counted.
  const hello = "Hello Bob, can you see this?";
  await bob.evaluate((text) => {
    const seen = (): boolean =>
      [...document.querySelectorAll('[data-testid="message-text"]')].some((element) => element.textContent === text);
    (window as { __seenAt?: Promise<number> }).__seenAt = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (seen()) {
          observer.disconnect();
          resolve(Date.now());
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, hello);
  await composer(alice).fill(hello);
  await alice.evaluate(() => {
    document.addEventListener("keydown", () => ((window as { __pressedAt?: number }).__pressedAt = Date.now()), { once: true, capture: true });
  });
  await composer(alice).press("Enter");
  await expect(messageTexts(bob).filter({ hasText: hello })).toBeVisible();
  const seenAt = await bob.evaluate(() => (window as { __seenAt?: Promise<number> }).__seenAt);
  const pressedAt = await alice.evaluate(() => (window as { __pressedAt?: number }).__pressedAt);
  const deliveryMs = seenAt! - pressedAt!;
  test.info().annotations.push({ type: "delivery", description: `${deliveryMs} ms from keypress to the other page` });
  expect(deliveryMs).toBeLessThan(1_000);
  // Alice's own copy went from pending to sent, on her side of the conversation.
  const mine = alice.getByTestId("message").filter({ hasText: "Hello Bob" });
  await expect(mine).toHaveAttribute("data-state", "sent");
  await expect(mine).toHaveAttribute("data-own", "true");
  await expect(bob.getByTestId("message").filter({ hasText: "Hello Bob" })).toHaveAttribute("data-own", "false");

  const script = ["Hi Alice!", "Shall we start?", "Yes: agenda first.", "Ok"];
  for (const [i, text] of script.entries()) {
    const speaker = i % 2 === 0 ? bob : alice;
    await say(speaker, text);
    await expect(messageTexts(i % 2 === 0 ? alice : bob).filter({ hasText: text })).toBeVisible();
  }

  // Bob reloads: the whole history, in order, once each.
  await bob.reload();
  await expect(bob.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(messageTexts(bob)).toHaveText(["Hello Bob, can you see this?", ...script]);

  // Bob leaves: Alice sees him go (his stream's presence key is deleted when it closes).
  await bob.context().close();
  await expect(presence(alice).getByTestId("online-count")).toHaveText("1 online", { timeout: 10_000 });
  await expect(presence(alice).getByTestId("presence-list")).not.toContainText("Bob");
  await alice.context().close();
});

test("markup and scripts in a message are shown as text and never run", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", room.id);
  const bob = await visitor(browser, "<b>Bob</b>", room.id);
  const attack = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
  await say(alice, attack);
  for (const page of [alice, bob]) {
    await expect(messageTexts(page).filter({ hasText: "onerror" })).toHaveText(attack);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.getByTestId("messages").locator("img, script, b")).toHaveCount(0);
  }
  // A name with markup is a name.
  await say(bob, "hi");
  await expect(alice.getByTestId("message-author").filter({ hasText: "<b>Bob</b>" })).toBeVisible();
  await alice.context().close();
  await bob.context().close();
});

test("the rate limit answers 429 and the UI says so once, with a countdown and a retry", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", room.id);
  // 10 messages per 10 s, a sliding window: the previous window's count weighs less as time
  // passes, so a slow burst may fit one or two more than 10; 21 in quick succession always
  // meets a refusal.
  let refusedAt = 0;
  for (let i = 1; i <= 21 && refusedAt === 0; i++) {
    await say(alice, `burst ${i}`);
    const bubble = messageWithText(alice, `burst ${i}`);
    await expect(bubble).toHaveAttribute("data-state", /^(sent|failed)$/);
    if ((await bubble.getAttribute("data-state")) === "failed") refusedAt = i;
  }
  expect(refusedAt).toBeGreaterThan(10);
  const refused = messageWithText(alice, `burst ${refusedAt}`);
  // Said once, above the composer, counting down; the message says why, not a wait that goes stale.
  await expect(refused.getByTestId("message-error")).toHaveText("Not sent: you were sending too quickly.");
  await expect(alice.getByTestId("rate-limit-notice")).toContainText(/too quickly\. You can send again in \d+ s/);
  await expect(refused.getByRole("button", { name: "Retry" })).toBeVisible();
  await alice.context().close();
});

test("typing shows as 'X is typing…' and ends when the message is sent; Shift+Enter breaks the line", async ({ browser, request }) => {
  const room = await createRoom(request);
  const alice = await visitor(browser, "Alice", room.id);
  const bob = await visitor(browser, "Bob", room.id);
  await composer(alice).pressSequentially("line one");
  await expect(bob.getByTestId("typing")).toHaveText("Alice is typing…");
  await expect(alice.getByTestId("typing")).toHaveText(""); // not told about herself
  await composer(alice).press("Shift+Enter");
  await composer(alice).pressSequentially("line two");
  await composer(alice).press("Enter");
  await expect(messageTexts(bob).last()).toHaveText("line one\nline two");
  await expect(bob.getByTestId("typing")).toHaveText("");
  await expect(composer(alice)).toHaveValue("");
  await alice.context().close();
  await bob.context().close();
});

test("scrolled up: new messages wait behind a pill; at the top, older pages load in order", async ({ browser, request }) => {
  const room = await createRoom(request);
  await seed(request, room.id, 120);
  const bob = await visitor(browser, "Bob", room.id);
  // The page opens at the newest messages: the latest page of 50.
  await expect(messageTexts(bob).last()).toHaveText("seeded 120");
  await expect(messageTexts(bob)).toHaveCount(50);

  // Scroll up a little: a new message must not pull the view down.
  const scroller = bob.getByTestId("message-scroller");
  await scroller.evaluate((box) => box.scrollBy(0, -600));
  const top = await scroller.evaluate((box) => box.scrollTop);
  await seed(request, room.id, 1, () => "while you were reading");
  await expect(bob.getByTestId("new-messages")).toHaveText("1 new message");
  expect(Math.abs((await scroller.evaluate((box) => box.scrollTop)) - top)).toBeLessThan(2);
  await bob.getByTestId("new-messages").click();
  await expect(bob.getByTestId("new-messages")).toBeHidden();
  await expect.poll(() => scroller.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight)).toBeLessThan(80);

  // At the bottom, new messages scroll into view by themselves.
  await seed(request, room.id, 1, () => "follows along");
  await expect(messageTexts(bob).last()).toBeInViewport();
  await expect(bob.getByTestId("new-messages")).toBeHidden();

  // Scroll to the top until the start: every message, once, in order.
  await expect(async () => {
    await scroller.evaluate((box) => box.scrollTo(0, 0));
    await expect(bob.getByTestId("conversation-start")).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  const texts = await messageTexts(bob).allTextContents();
  expect(texts).toEqual([...Array.from({ length: 120 }, (_, i) => `seeded ${i + 1}`), "while you were reading", "follows along"]);
  await bob.context().close();
});

test("/chat lists rooms live, and creating a room opens it; a taken name is refused", async ({ page, request }) => {
  await page.goto("/chat");
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  // Another visitor's new room and message appear without a reload, on top.
  const room = await createRoom(request, unique("Live list"));
  const card = page.locator(`[data-testid="room-card"][data-room="${room.id}"]`);
  await expect(card).toBeVisible();
  await seed(request, room.id, 1, () => "fresh news");
  await expect(card.getByTestId("room-last-message")).toHaveText("Seeder: fresh news");
  await expect(page.getByTestId("room-card").first()).toHaveAttribute("data-room", room.id);

  // Someone joins the room: its online count goes up.
  const other = await page.context().browser()!.newContext();
  const inRoom = await other.newPage();
  await inRoom.goto(`/chat/${room.id}`);
  await expect(card.getByTestId("room-online")).toHaveText("1 online");
  await other.close();
  await expect(card.getByTestId("room-online")).toHaveText("0 online", { timeout: 10_000 });

  // Create through the form; the same name again (another case) is refused with a clear error.
  const name = unique("Made here");
  await page.getByLabel("Start a room").fill(name);
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page).toHaveURL(/\/chat\/made-here-/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await page.goto("/chat");
  await page.getByLabel("Start a room").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByRole("form", { name: "Create a room" }).getByRole("alert")).toContainText("There is already a room called");
});

test("an unknown room is a 404 page", async ({ page }) => {
  const response = await page.goto("/chat/no-such-room-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such room" })).toBeVisible();
});

test("on a phone: rooms and a room fit the screen, and the online count opens who is here", async ({ browser, request }) => {
  const room = await createRoom(request);
  await seed(request, room.id, 3, (i) => `a fairly long message number ${i} that has to wrap on a narrow screen without overflowing`);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addInitScript(() => localStorage.setItem("livekv.chat.author", "Pat"));
  const page = await context.newPage();
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  await page.goto("/chat");
  await expect(page.getByTestId("room-card").first()).toBeVisible();
  expect(await fits()).toBe(true);

  await page.goto(`/chat/${room.id}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  expect(await fits()).toBe(true);
  await expect(composer(page)).toBeInViewport();
  await page.getByTestId("online-count-compact").click();
  await expect(page.locator("details[open]").getByTestId("presence-name")).toHaveText(["Pat"]);
  await say(page, "sent from a phone");
  await expect(page.getByTestId("message").filter({ hasText: "sent from a phone" })).toHaveAttribute("data-state", "sent");
  await context.close();
});
