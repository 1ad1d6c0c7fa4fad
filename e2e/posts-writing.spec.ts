// Writing posts, replying, deleting one's own comments and double-clicking a like, end to end:
// real Chromium contexts (separate visitors, separate cookies) against the app's server. One
// window acts, the other must see it live.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

const SOON = { timeout: 3_000 };
const unique = (label: string) => `${label} ${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

/** A visitor of their own (cookies, storage), with the page's live stream connected. */
async function visitor(browser: Browser, path: string, author?: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (author) await context.addInitScript((name) => localStorage.setItem("livekv.posts.author", name), author);
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  return page;
}

/** A new post of its own for a test, written through the API by `context`'s visitor. */
async function newPost(context: BrowserContext, title = unique("E2E post")): Promise<string> {
  const response = await context.request.post("/api/posts", { data: { author: "Setup", title, body: "A post for one test." } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { post: { id: string } }).post.id;
}

test("a post written in one window appears at the top of another's list, its Markdown rendered safely", async ({ browser }) => {
  const writer = await visitor(browser, "/posts");
  const reader = await visitor(browser, "/posts");
  let dialogs = 0;
  for (const page of [writer, reader]) page.on("dialog", (dialog) => void dialog.dismiss().then(() => dialogs++));
  const title = unique("Hello from A <i>not italic</i>");
  const body = [
    "Some **bold** words and <img src=x onerror=alert(1)> raw HTML.",
    "",
    "[a trap](javascript:alert(2)) and [a site](https://example.com/page) and <script>alert(3)</script>",
    "",
    "- one",
    "- two",
  ].join("\n");

  await writer.getByTestId("write-post").click();
  const form = writer.getByTestId("post-form");
  // Without a name the post cannot be sent, and the form says why.
  await form.getByRole("textbox", { name: "Title" }).fill(title);
  await form.getByRole("textbox", { name: "Post" }).fill(body);
  await form.getByRole("button", { name: "Publish" }).click();
  await expect(writer.getByTestId("author-missing")).toHaveText(/Add your name/);
  await expect(form.getByRole("textbox", { name: "Your name" })).toBeFocused();
  await form.getByRole("textbox", { name: "Your name" }).fill("Writer A");
  await expect(writer.getByTestId("author-missing")).toHaveCount(0);
  // The preview renders as the post page will.
  await form.getByTestId("preview-toggle").click();
  await expect(form.getByTestId("post-preview").locator("strong")).toHaveText("bold");
  await form.getByRole("button", { name: "Publish" }).click();
  await expect(writer.getByTestId("post-published")).toBeVisible();

  // The reader's list shows it first, live, as text.
  const first = reader.getByTestId("post-card").first();
  await expect(first.getByRole("heading")).toHaveText(title, SOON);
  await expect(first.locator("i")).toHaveCount(0);
  await expect(writer.getByTestId("post-card").first().getByRole("heading")).toHaveText(title);

  await first.getByRole("link").click();
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(title);
  const post = reader.getByTestId("post-body");
  await expect(post.locator("strong")).toHaveText("bold");
  await expect(post.getByRole("listitem")).toHaveText(["one", "two"]);
  await expect(post).toContainText("<img src=x onerror=alert(1)>");
  await expect(post).toContainText("<script>alert(3)</script>");
  await expect(post.locator("img, script")).toHaveCount(0);
  // Only the http(s) link is a link, and it gives the site nothing of this page.
  await expect(post.getByRole("link")).toHaveCount(1);
  await expect(post.getByText("a trap")).toBeVisible();
  const link = post.getByRole("link", { name: "a site" });
  await expect(link).toHaveAttribute("href", "https://example.com/page");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  expect(dialogs).toBe(0);
});

test("replies and deleting one's own comment show in the other window, live", async ({ browser }) => {
  const setup = await browser.newContext();
  const path = `/posts/${await newPost(setup)}`;
  const ann = await visitor(browser, path, "Ann");
  const bob = await visitor(browser, path, "Bob");
  const question = unique("A question");
  const answer = unique("An answer");

  await ann.getByRole("textbox", { name: "Comment" }).fill(question);
  await ann.getByRole("button", { name: "Post comment" }).click();
  const annsInBob = bob.getByTestId("comment").filter({ hasText: question });
  await expect(annsInBob).toHaveCount(1, SOON);
  // Bob may reply but not delete Ann's comment.
  await expect(annsInBob.getByTestId("delete-button")).toHaveCount(0);
  await annsInBob.getByTestId("reply-button").click();
  const replyForm = bob.getByTestId("reply-form");
  await expect(replyForm).toContainText("Reply to Ann");
  await replyForm.getByRole("textbox", { name: "Comment" }).fill(answer);
  await replyForm.getByRole("button", { name: "Post reply" }).click();
  await expect(replyForm).toHaveCount(0);

  // Ann sees the reply under her comment, and may delete her comment but not the reply.
  const thread = ann.locator('[data-testid="comment"]:not([data-sending])').filter({ hasText: question });
  const reply = thread.getByTestId("reply").filter({ hasText: answer });
  await expect(reply).toHaveCount(1, SOON);
  await expect(reply.getByTestId("comment-author")).toHaveText("Bob");
  await expect(reply.getByTestId("delete-button")).toHaveCount(0);
  // Replies go one level deep: a reply offers no reply of its own.
  await expect(reply.getByTestId("reply-button")).toHaveCount(0);
  await expect(ann.getByTestId("comment-count")).toHaveText("2");

  await thread.getByTestId("delete-button").click();
  await thread.getByTestId("confirm-delete").click();
  // Bob sees it deleted, his reply still in its place.
  const deletedInBob = bob.locator('[data-testid="comment"][data-deleted]');
  await expect(deletedInBob).toContainText("This comment was deleted.", SOON);
  await expect(deletedInBob.getByTestId("reply").filter({ hasText: answer })).toHaveCount(1);
  await expect(bob.getByText(question)).toHaveCount(0);
  await expect(bob.getByTestId("comment-count")).toHaveText("1", SOON);

  // Bob deletes his reply: the thread is gone for both.
  const bobsReply = bob.getByTestId("reply").filter({ hasText: answer });
  await bobsReply.getByTestId("delete-button").click();
  await bobsReply.getByTestId("confirm-delete").click();
  await expect(ann.getByTestId("comment")).toHaveCount(0, SOON);
  await expect(ann.getByTestId("comment-count")).toHaveText("0");
  await expect(bob.getByTestId("comment")).toHaveCount(0);
  // And so after a reload.
  await ann.reload();
  await expect(ann.getByText("No comments yet.", { exact: false })).toBeVisible();
});

test("a comment without a name says why it cannot be sent, and sends once there is one", async ({ browser }) => {
  const setup = await browser.newContext();
  const page = await visitor(browser, `/posts/${await newPost(setup)}`);
  const text = unique("Nameless");
  await page.getByRole("textbox", { name: "Comment" }).fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByTestId("name-missing")).toHaveText(/Add your name to send/);
  await expect(page.getByRole("textbox", { name: "Name" })).toBeFocused();
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveAttribute("aria-invalid", "true");
  // Nothing was sent; the words wait in the box.
  await expect(page.getByRole("textbox", { name: "Comment" })).toHaveValue(text);
  await expect(page.getByTestId("comment")).toHaveCount(0);

  await page.getByRole("textbox", { name: "Name" }).fill("Named");
  await expect(page.getByTestId("name-missing")).toHaveCount(0);
  await page.getByRole("button", { name: "Post comment" }).click();
  // Stored (the stream may bring it while the page still shows it as sending).
  const stored = page.locator('[data-testid="comment"]:not([data-sending])').filter({ hasText: text });
  await expect(stored.getByTestId("comment-author")).toHaveText("Named");
});

test("double-clicking like ends where two clicks should, on screen and on the server", async ({ browser }) => {
  const setup = await browser.newContext();
  const id = await newPost(setup);
  const page = await visitor(browser, `/posts/${id}`);
  const other = await visitor(browser, `/posts/${id}`);
  // Slow answers, so that the second click surely lands while the first is on its way.
  await page.route(`**/api/posts/${id}/like`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await route.continue();
  });
  const button = page.getByTestId("like-button");

  /** What the server holds for this page's visitor, once the button has settled. */
  async function settled(): Promise<{ liked: boolean; likes: number }> {
    await expect(button).toHaveAttribute("aria-busy", "false", SOON);
    const response = await page.context().request.get(`/api/posts/${id}`);
    const { liked, counts } = (await response.json()) as { liked: boolean; counts: { likes: number } };
    return { liked, likes: counts.likes };
  }

  await button.dblclick();
  expect(await settled()).toEqual({ liked: false, likes: 0 });
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("like-count")).toHaveText("0");

  await button.click({ clickCount: 3 });
  expect(await settled()).toEqual({ liked: true, likes: 1 });
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("like-count")).toHaveText("1");
  await expect(other.getByTestId("like-count")).toHaveText("1", SOON);

  await button.dblclick();
  expect(await settled()).toEqual({ liked: true, likes: 1 });
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("like-count")).toHaveText("1");

  // A reload shows what the server has.
  await page.reload();
  await expect(page.getByTestId("like-button")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("like-count")).toHaveText("1");
  await expect(other.getByTestId("like-count")).toHaveText("1");
});
