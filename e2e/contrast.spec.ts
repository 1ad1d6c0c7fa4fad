// WCAG AA text contrast on every page, with demo data in it, at desktop and phone width: every
// visible text against the background it is painted on (e2e/support/contrast.ts).
import { expect, test, type Page } from "@playwright/test";
import { seedDemoData, type DemoData } from "../scripts/demo-data";
import { measureContrast } from "./support/contrast";

let demo: DemoData;

test.beforeAll(async ({ playwright, baseURL }) => {
  if (!baseURL) throw new Error("no baseURL");
  const request = await playwright.request.newContext({ baseURL });
  demo = await seedDemoData(request, baseURL);
  await request.dispose();
});

const PAGES: readonly { name: string; path: () => string; ready: (page: Page) => Promise<void> }[] = [
  { name: "home", path: () => "/", ready: (page) => expect(page.getByTestId("demo-card")).toHaveCount(3) },
  {
    name: "status",
    path: () => "/status",
    ready: (page) => expect(page.getByTestId("status-summary")).toHaveText("All systems live"),
  },
  { name: "links", path: () => "/links", ready: (page) => expect(page.getByLabel("Long URL")).toBeVisible() },
  {
    name: "link analytics",
    path: () => `/links/${demo.linkCode}`,
    ready: (page) => expect(page.getByTestId("click-count")).toHaveText("15"),
  },
  { name: "chat rooms", path: () => "/chat", ready: (page) => expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live") },
  {
    name: "chat room",
    path: () => `/chat/${demo.roomId}`,
    ready: (page) => expect(page.getByTestId("message")).toHaveCount(4),
  },
  { name: "posts", path: () => "/posts", ready: (page) => expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live") },
  {
    name: "post",
    path: () => `/posts/${demo.postId}`,
    ready: (page) => expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live"),
  },
  {
    name: "not found",
    path: () => "/no-such-page",
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
  },
];

for (const width of [1280, 390]) {
  for (const { name, path, ready } of PAGES) {
    test(`text contrast meets WCAG AA: ${name} at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path());
      await ready(page);
      // Entrance transitions end before the text is measured.
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => (a.effect?.getComputedTiming().iterations === Infinity ? null : a.finished))));
      const report = await measureContrast(page);
      expect(report.checked, "texts measured").toBeGreaterThan(5);
      expect(report.unmeasured, "text over an image or gradient").toEqual([]);
      expect(report.failures).toEqual([]);
    });
  }
}
