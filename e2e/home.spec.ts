import { expect, test } from "@playwright/test";

test("the home page presents the three live demos", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("subscribe to");

  const cards = page.getByTestId("demo-card");
  await expect(cards).toHaveCount(3);
  for (const title of ["Shortlinks", "Chat rooms", "Posts"]) {
    await expect(page.getByRole("article", { name: title })).toBeVisible();
  }
});

test("the home page says what each demo does and invites opening two windows, without internals", async ({ page }) => {
  await page.goto("/");
  for (const [title, pitch] of [
    ["Shortlinks", /watch each click land on its analytics page/],
    ["Chat rooms", /every message reaches everyone at once/],
    ["Posts", /likes and comments count up/],
  ] as const) {
    await expect(page.getByRole("article", { name: title })).toContainText(pitch);
  }
  const invitation = page.getByTestId("two-windows");
  await expect(invitation.getByRole("heading", { name: "Open it in two windows side by side" })).toBeVisible();
  await expect(invitation).toContainText("Watch the other one change by itself.");
  // The system's health is the status page's business now.
  await expect(page.getByTestId("status-summary")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Live status" })).toHaveCount(0);
});

test("the header and the demo cards lead to the three demos", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [label, href] of [["Links", "/links"], ["Chat", "/chat"], ["Posts", "/posts"]]) {
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("href", href);
  }
  await expect(page.getByRole("link", { name: "LiveKV" })).toHaveAttribute("href", "/");
  await page.getByRole("article", { name: "Chat rooms" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/chat$/);
});
