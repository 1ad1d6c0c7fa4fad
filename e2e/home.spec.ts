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

test("the live status shows Redis reachable and notifications on", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("status-redis")).toHaveText("Reachable");
  await expect(page.getByTestId("status-notifications")).toHaveText("On");
  await expect(page.getByTestId("status-summary")).toHaveText("All systems live");
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
