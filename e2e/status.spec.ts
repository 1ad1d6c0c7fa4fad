import { expect, test } from "@playwright/test";

test("the footer leads to the status page", async ({ page }) => {
  await page.goto("/posts");
  await page.getByRole("contentinfo").getByRole("link", { name: "System status" }).click();
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("System status");
  await expect(page).toHaveTitle("System status · LiveKV");
});

test("the live status shows Redis reachable and notifications on", async ({ page }) => {
  await page.goto("/status");
  await expect(page.getByTestId("status-redis")).toHaveText("Reachable");
  await expect(page.getByTestId("status-notifications")).toHaveText("On");
  await expect(page.getByTestId("status-summary")).toHaveText("All systems live");
});
