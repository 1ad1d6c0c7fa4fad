// Managing a short link end to end, across two browser contexts: its owner changes the
// target, pauses, resumes and deletes it while another visitor watches the same page live;
// the other visitor gets no controls and cannot forge a change; and the private link that
// brings "my links" back to a browser whose cookies are gone.

import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

const CHROME_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/** A code no earlier run can have taken (the e2e Redis may be reused between runs). */
function uniqueCode(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function createByApi(request: APIRequestContext, body: { url: string; code?: string }): Promise<{ code: string }> {
  const response = await request.post("/api/links", { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { code: string };
}

async function newVisitor(browser: Browser, baseURL: string | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, userAgent: CHROME_UA });
  return { context, page: await context.newPage() };
}

async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live");
}

/** Where /s/{code} sends a browser now (asked by `request`, without following). */
async function visit(request: APIRequestContext, code: string): Promise<{ status: number; location: string | undefined; text: string }> {
  const response = await request.get(`/s/${code}`, { maxRedirects: 0, headers: { "user-agent": CHROME_UA } });
  return { status: response.status(), location: response.headers().location, text: await response.text() };
}

test("the owner edits, pauses, resumes and deletes a link while another visitor watches it live, with no controls of its own", async ({
  browser,
  baseURL,
}) => {
  const owner = await newVisitor(browser, baseURL);
  const other = await newVisitor(browser, baseURL);
  const code = uniqueCode("mgr");
  await createByApi(owner.context.request, { url: `${baseURL}/?landing=${code}`, code });

  await owner.page.goto(`/links/${code}`);
  await other.page.goto(`/links/${code}`);
  await expectLive(owner.page);
  await expectLive(other.page);
  const manage = owner.page.getByTestId("manage-link");
  await expect(manage).toBeVisible();
  // The other visitor gets the analytics, not the controls — and the server refuses it a change.
  await expect(other.page.getByTestId("manage-link")).toHaveCount(0);
  await expect(other.page.getByRole("button", { name: /pause|delete|save target/i })).toHaveCount(0);
  const forged = await other.page.evaluate(async (path) => {
    const response = await fetch(path, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ paused: true }) });
    return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
  }, `/api/links/${code}`);
  expect(forged).toMatchObject({ status: 403, body: { error: { code: "not_owner" } } });
  expect((await visit(other.context.request, code)).status).toBe(302);

  // A bad target gets the message creating a link with it gets, under the field.
  const target = manage.getByLabel("Target URL");
  await target.fill("javascript:alert(1)");
  await manage.getByRole("button", { name: "Save target" }).click();
  const createError = await owner.context.request.post("/api/links", { data: { url: "javascript:alert(1)" } });
  const { error } = (await createError.json()) as { error: { message: string } };
  await expect(manage.locator('[data-testid="field-error"][data-field="url"]')).toHaveText(error.message);

  // A target typed without a scheme gets https://; the other visitor's redirect follows at once.
  await target.fill(`moved.example/${code}`);
  await manage.getByRole("button", { name: "Save target" }).click();
  await expect(manage.getByTestId("target-saved")).toBeVisible();
  await expect(target).toHaveValue(`https://moved.example/${code}`);
  expect(await visit(other.context.request, code)).toMatchObject({ status: 302, location: `https://moved.example/${code}` });
  await expect(other.page.getByRole("link", { name: `moved.example/${code}` })).toBeVisible();

  // Paused: every viewer sees it as it happens, and the short link answers a page saying so.
  await manage.getByRole("button", { name: "Pause link" }).click();
  await expect(other.page.getByTestId("paused-banner")).toBeVisible();
  await expect(owner.page.getByTestId("paused-banner")).toBeVisible();
  const paused = await visit(other.context.request, code);
  expect(paused.status).toBe(404);
  expect(paused.location).toBeUndefined();
  expect(paused.text).toContain("This short link is paused");
  // The owner's list says so too.
  const list = await owner.context.newPage();
  await list.goto("/links");
  await expect(list.locator(`[data-testid="my-link"][data-code="${code}"]`).getByTestId("paused-badge")).toHaveText("Paused");
  await list.close();

  await manage.getByRole("button", { name: "Resume link" }).click();
  await expect(other.page.getByTestId("paused-banner")).toHaveCount(0);
  expect(await visit(other.context.request, code)).toMatchObject({ status: 302, location: `https://moved.example/${code}` });

  // Deleted after a confirmation in the page (cancel first changes nothing).
  await manage.getByRole("button", { name: "Delete link…" }).click();
  await manage.getByTestId("confirm-delete").getByRole("button", { name: "Cancel" }).click();
  await expect(manage.getByTestId("confirm-delete")).toHaveCount(0);
  expect((await visit(other.context.request, code)).status).toBe(302);
  await manage.getByRole("button", { name: "Delete link…" }).click();
  await manage.getByTestId("confirm-delete").getByRole("button", { name: "Delete for good" }).click();
  await expect(owner.page.getByTestId("link-deleted")).toBeVisible();
  await expect(other.page.getByTestId("link-deleted")).toBeVisible();
  await expect(other.page.getByTestId("click-count")).toHaveCount(0);
  const gone = await visit(other.context.request, code);
  expect(gone.status).toBe(404);
  expect(gone.text).not.toContain("paused");

  await owner.context.close();
  await other.context.close();
});

test("the private link shown once brings my links back to a browser without my cookie, the key never in a request's address", async ({
  browser,
  baseURL,
}) => {
  const me = await newVisitor(browser, baseURL);
  const code = uniqueCode("keep");
  await createByApi(me.context.request, { url: `${baseURL}/?landing=${code}`, code });
  await me.page.goto("/links");
  const keep = me.page.getByTestId("keep-my-links");
  await keep.getByRole("button", { name: "Make my private link" }).click();
  const privateUrl = await keep.getByTestId("private-link-url").inputValue();
  expect(privateUrl).toMatch(new RegExp(`^${baseURL}/links/restore#[A-Za-z0-9_-]{20,}$`));
  const key = privateUrl.split("#")[1];
  await expect(keep.getByTestId("copy-button")).toBeVisible();
  await expect(keep).toContainText("shown only this once");
  // Once put away it is not shown again.
  await keep.getByRole("button", { name: "I have saved it" }).click();
  await expect(keep.getByTestId("private-link-url")).toHaveCount(0);

  // Another browser (or this one after clearing cookies): no links, until the private link.
  const fresh = await newVisitor(browser, baseURL);
  const addresses: string[] = [];
  fresh.page.on("request", (request) => addresses.push(request.url()));
  await fresh.page.goto("/links");
  await expect(fresh.page.locator(`[data-testid="my-link"][data-code="${code}"]`)).toHaveCount(0);
  await fresh.page.goto(privateUrl);
  await fresh.page.getByRole("button", { name: "Restore my links" }).click();
  await expect(fresh.page.getByTestId("restore-result")).toHaveAttribute("data-result", "restored");
  await expect(fresh.page).toHaveURL(`${baseURL}/links/restore`);
  await fresh.page.getByRole("link", { name: "See my links" }).click();
  await expect(fresh.page.locator(`[data-testid="my-link"][data-code="${code}"]`)).toBeVisible();
  // And with it the right to change them.
  await fresh.page.goto(`/links/${code}`);
  await expect(fresh.page.getByTestId("manage-link")).toBeVisible();
  expect(addresses.filter((address) => address.includes(key))).toEqual([]);

  // A key that is wrong says so.
  const stranger = await newVisitor(browser, baseURL);
  await stranger.page.goto(`/links/restore#${"x".repeat(43)}`);
  await stranger.page.getByRole("button", { name: "Restore my links" }).click();
  await expect(stranger.page.getByTestId("restore-result")).toHaveAttribute("data-result", "failed");
  await expect(stranger.page.getByTestId("restore-result")).toContainText("not valid");

  await me.context.close();
  await fresh.context.close();
  await stranger.context.close();
});
