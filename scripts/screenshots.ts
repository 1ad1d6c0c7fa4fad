// `npm run screenshots`: the README's screenshots and the social preview image, taken from the
// real app. It starts the production build (`npm run build` first) on a free port with a Redis
// and data folder of its own, puts demo data in through the HTTP API (scripts/demo-data.ts),
// and photographs each demo in Chromium at desktop (1280 px) and phone (390 px) width into
// public/screenshots/, then composes public/og.png (1200×630) from the chat open in two
// windows. Run it again whenever the pages change, and look at the pictures.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, request as apiRequest, type Browser, type Page } from "@playwright/test";
import { startApp } from "../e2e/support/app-process";
import { seedDemoData, type DemoData } from "./demo-data";
import { findFreePort } from "./redis/free-port";

const OUT = join(process.cwd(), "public", "screenshots");
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

interface Shot {
  name: string;
  path: (demo: DemoData) => string;
  /** What must be on screen before the picture is taken. */
  ready: (page: Page) => Promise<void>;
  /** Something a visitor does first, so the picture shows the demo in use. */
  act?: (page: Page) => Promise<void>;
}

const waitLive = async (page: Page) => {
  await page.getByTestId("live-status").first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]')?.getAttribute("data-status") === "live");
};

const SHOTS: readonly Shot[] = [
  { name: "home", path: () => "/", ready: (page) => page.getByTestId("demo-card").first().waitFor() },
  {
    name: "links",
    path: (demo) => `/links/${demo.linkCode}`,
    ready: async (page) => {
      await waitLive(page);
      await page.getByTestId("recent-clicks").waitFor();
    },
  },
  {
    name: "chat",
    path: (demo) => `/chat/${demo.roomId}`,
    ready: async (page) => {
      await waitLive(page);
      await page.getByTestId("message").nth(3).waitFor();
    },
    act: async (page) => {
      await page.getByTestId("composer-input").fill("Watching this from two windows now.");
      await page.getByTestId("composer-input").press("Enter");
      await page.getByTestId("message").nth(4).waitFor();
      await page.getByText("Sending…").waitFor({ state: "detached" });
      await page.getByTestId("composer-input").blur();
    },
  },
  {
    name: "posts",
    path: (demo) => `/posts/${demo.postId}`,
    ready: waitLive,
    // The live part of a post is under the article: its like button and the comments.
    act: (page) =>
      page.getByTestId("like-button").evaluate((button) => window.scrollBy(0, button.getBoundingClientRect().top - 96)),
  },
];

async function visitorPage(browser: Browser, origin: string, viewport: { width: number; height: number }, name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin, viewport, deviceScaleFactor: 1 });
  await context.addInitScript((author) => {
    localStorage.setItem("livekv.chat.author", author);
    localStorage.setItem("livekv.posts.author", author);
  }, name);
  return context.newPage();
}

/** Waits until entrance transitions are over, so no picture catches one half-way. */
const settle = (page: Page) =>
  page.evaluate(() =>
    Promise.all(
      document.getAnimations().map((a) => (a.effect?.getComputedTiming().iterations === Infinity ? null : a.finished)),
    ),
  );

async function photograph(browser: Browser, origin: string, demo: DemoData): Promise<void> {
  for (const [label, viewport] of Object.entries(WIDTHS)) {
    for (const shot of SHOTS) {
      const page = await visitorPage(browser, origin, viewport, "Grace");
      await page.goto(shot.path(demo));
      await shot.ready(page);
      if (shot.act && (label === "desktop" || shot.name === "posts")) await shot.act(page);
      await settle(page);
      const file = join(OUT, `${shot.name}-${label}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${file}`);
      await page.context().close();
    }
  }
}

/** The social preview: the chat in two windows, side by side, one sending and one receiving. */
async function socialImage(browser: Browser, origin: string, demo: DemoData): Promise<void> {
  const viewport = { width: 520, height: 380 };
  const [ada, linus] = [
    await visitorPage(browser, origin, viewport, "Ada"),
    await visitorPage(browser, origin, viewport, "Linus"),
  ];
  for (const page of [ada, linus]) {
    await page.goto(`/chat/${demo.roomId}`);
    await waitLive(page);
  }
  const text = "Sent from window 1, seen in window 2 at once";
  await ada.getByTestId("composer-input").fill(text);
  await ada.getByTestId("composer-input").press("Enter");
  await linus.getByTestId("message-text").getByText(text).waitFor();
  await ada.getByText("Sending…").waitFor({ state: "detached" });
  // The typed-in field's glow is not part of the picture.
  await ada.getByTestId("composer-input").blur();
  const pictures: string[] = [];
  for (const page of [ada, linus]) {
    await settle(page);
    pictures.push((await page.screenshot()).toString("base64"));
    await page.context().close();
  }

  const page = await (await browser.newContext({ viewport: { width: 1200, height: 630 } })).newPage();
  const logo = readFileSync(join(process.cwd(), "app", "icon.svg")).toString("base64");
  await page.setContent(`<!doctype html>
<html><head><style>
  body { margin: 0; width: 1200px; height: 630px; overflow: hidden; font-family: system-ui, sans-serif;
         background: linear-gradient(135deg, #eef2ff, #f8fafc 60%); color: #0f172a; }
  header { display: flex; align-items: center; gap: 14px; padding: 40px 56px 0; }
  header img { width: 44px; height: 44px; }
  header b { font-size: 34px; letter-spacing: -0.02em; }
  h1 { margin: 18px 56px 0; font-size: 40px; line-height: 1.15; letter-spacing: -0.02em; max-width: 1000px; }
  .windows { position: absolute; left: 56px; right: 56px; top: 222px; display: flex; gap: 28px; }
  .window { flex: 1; border-radius: 14px; overflow: hidden; background: #fff;
            box-shadow: 0 10px 30px rgba(15, 23, 42, 0.15); border: 1px solid #e2e8f0; }
  .bar { height: 26px; background: #f1f5f9; border-bottom: 1px solid #e2e8f0; display: flex; gap: 6px;
         align-items: center; padding-left: 12px; }
  .bar i { width: 9px; height: 9px; border-radius: 50%; background: #cbd5e1; }
  .window img { display: block; width: 100%; }
</style></head><body>
  <header><img src="data:image/svg+xml;base64,${logo}" alt=""><b>LiveKV</b></header>
  <h1>A key-value store your web app can subscribe to.</h1>
  <div class="windows">
    ${pictures.map((png) => `<div class="window"><div class="bar"><i></i><i></i><i></i></div><img src="data:image/png;base64,${png}" alt=""></div>`).join("")}
  </div>
</body></html>`);
  const file = join(process.cwd(), "public", "og.png");
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await page.context().close();
}

async function main(): Promise<void> {
  if (!existsSync(join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "livekv-screenshots-"));
  const app = await startApp({ port: await findFreePort(), dataDir });
  let browser: Browser | undefined;
  try {
    const request = await apiRequest.newContext({ baseURL: app.origin });
    const demo = await seedDemoData(request, app.origin, { fresh: true });
    await request.dispose();
    browser = await chromium.launch(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args: ["--no-sandbox"] } : {});
    await photograph(browser, app.origin, demo);
    await socialImage(browser, app.origin, demo);
  } finally {
    await browser?.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
