// What every page shares: the navigation that says where you are, the skip link, one focus
// ring, and what crawlers and link previews read (robots.txt, the social preview image).
import { expect, test, type Page } from "@playwright/test";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function expectCurrent(page: Page, current: string | null): Promise<void> {
  for (const label of ["Links", "Chat", "Posts"]) {
    const link = nav(page).getByRole("link", { name: label });
    if (label === current) await expect(link).toHaveAttribute("aria-current", "page");
    else await expect(link).not.toHaveAttribute("aria-current");
  }
}

const background = (page: Page, label: string) =>
  nav(page).getByRole("link", { name: label }).evaluate((el) => getComputedStyle(el).backgroundColor);

test("the navigation marks the current section, also inside it and after client-side navigation", async ({ page, request }) => {
  await page.goto("/");
  await expectCurrent(page, null);

  await page.goto("/chat");
  await expectCurrent(page, "Chat");
  // Marked for the eye too, not only for screen readers.
  expect(await background(page, "Chat")).not.toBe(await background(page, "Posts"));

  const room = await request.post("/api/rooms", { data: { name: `Nav ${Date.now().toString(36)}` } });
  expect(room.status()).toBe(201);
  const { id } = (await room.json()) as { id: string };
  await page.goto(`/chat/${id}`);
  await expectCurrent(page, "Chat");

  await nav(page).getByRole("link", { name: "Links" }).click();
  await expect(page).toHaveURL(/\/links$/);
  await expectCurrent(page, "Links");
});

test("the first Tab reaches a visible skip link that moves focus past the header to the content", async ({ page }) => {
  await page.goto("/posts");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box && box.width > 20 && box.height > 10 && box.y >= 0).toBe(true);

  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();
  // The next Tab goes to the page's own content, not back to the header's links.
  await page.keyboard.press("Tab");
  const inHeader = await page.evaluate(() => document.activeElement?.closest("header") !== null);
  const inMain = await page.evaluate(() => document.activeElement?.closest("main") !== null);
  expect({ inHeader, inMain }).toEqual({ inHeader: false, inMain: true });
});

interface Focused {
  element: string;
  /** A text field draws its own indicator (border and glow); every other control the ring. */
  field: boolean;
  outline: string;
  outlineColor: string;
  /** The hues (0–360) of the saturated colours a text field's indicator is drawn in. */
  fieldHues: number[];
}

/**
 * Tabs through the page, `presses` times at most (it stops past the last control); for each
 * focused element, how its focus is drawn.
 */
async function tabThrough(page: Page, presses: number): Promise<Focused[]> {
  const seen: Focused[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(async (): Promise<Focused | null> => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // What the focus ring settles on, not a colour half-way through a transition.
      await Promise.all(el.getAnimations().map((animation) => animation.finished));
      const style = getComputedStyle(el);
      const field = el.matches("input, textarea, select");
      const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
      const hueOf = (css: string): number | null => {
        if (!canvas) return null;
        canvas.clearRect(0, 0, 1, 1);
        canvas.fillStyle = css;
        canvas.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = Array.from(canvas.getImageData(0, 0, 1, 1).data).map((v) => v / 255);
        const max = Math.max(r, g, b);
        const min = Math.min(r, g, b);
        if (a === 0 || max - min < 0.1) return null; // transparent or grey: no hue to speak of
        const d = max - min;
        const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
        return Math.round((h * 60 + 360) % 360);
      };
      const fieldHues: number[] = [];
      if (field) {
        // The field and the box around it (a composer draws the glow on its container).
        for (const node of [el, el.parentElement].filter((n): n is HTMLElement => n !== null)) {
          const own = getComputedStyle(node);
          for (const value of [own.borderTopColor, own.boxShadow, own.outlineStyle === "none" ? "" : own.outlineColor]) {
            for (const colour of value.match(/(?:rgba?|oklch|oklab|lab|lch|color)\([^)]*\)/g) ?? []) {
              const hue = hueOf(colour);
              if (hue !== null) fieldHues.push(hue);
            }
          }
        }
      }
      return {
        element: `${el.tagName.toLowerCase()} ${el.getAttribute("data-testid") ?? el.textContent?.trim().slice(0, 30) ?? ""}`,
        field,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        outlineColor: style.outlineColor,
        fieldHues,
      };
    });
    if (!focused) break;
    seen.push(focused);
  }
  return seen;
}

/** The focus colour, as the browser serialises an outline's colour. */
const focusColour = (page: Page) =>
  page.evaluate(() => {
    const probe = document.createElement("span");
    probe.style.color = "var(--color-focus)";
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });

// The error colour is rose (hue about 350°–15°); the focus colour is indigo (about 245°).
const isRose = (hue: number) => hue >= 330 || hue <= 20;

const FOCUS_PAGES: readonly { path: string; ready: (page: Page) => Promise<void>; fields?: boolean }[] = [
  { path: "/links", ready: (page) => expect(page.getByLabel("Long URL")).toBeEditable(), fields: true },
  {
    path: "/posts/why-we-stopped-polling",
    ready: (page) => expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live"),
  },
  {
    path: "/chat",
    ready: (page) => expect(page.getByTestId("live-status").first()).toHaveAttribute("data-status", "live"),
    fields: true,
  },
];

for (const { path, ready, fields } of FOCUS_PAGES) {
  test(`every focused control on ${path} shows the one focus ring, never in the error colour`, async ({ page }) => {
    await page.goto(path);
    await ready(page);
    const focus = await focusColour(page);
    const seen = await tabThrough(page, 14);
    expect(seen.length, "controls reached").toBeGreaterThan(4);
    if (fields) expect(seen.some((f) => f.field), "a text field reached").toBe(true);
    const controls = seen.filter((f) => !f.field);
    expect(controls.map(({ element, outline, outlineColor }) => ({ element, outline, outlineColor }))).toEqual(
      controls.map(({ element }) => ({ element, outline: "solid 2px", outlineColor: focus })),
    );
    for (const field of seen.filter((f) => f.field)) {
      expect(field.fieldHues.length, `${field.element} shows that it has focus`).toBeGreaterThan(0);
      expect(field.fieldHues.filter(isRose), `${field.element} in the error colour`).toEqual([]);
    }
  });
}

test("robots.txt lets crawlers in but keeps them off short links and the API", async ({ request }) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).toContain("User-agent: *");
  expect(text).toContain("Disallow: /s/");
  expect(text).toContain("Disallow: /api/");
});

test("link previews get a title, a description and a real 1200×630 PNG at an absolute URL", async ({ page, request, baseURL }) => {
  await page.goto("/");
  const meta = (selector: string) => page.locator(selector).getAttribute("content");
  expect(await meta('meta[property="og:title"]')).toBe("LiveKV");
  expect(await meta('meta[property="og:description"]')).toContain("subscribe to");
  expect(await meta('meta[name="twitter:card"]')).toBe("summary_large_image");
  const image = await meta('meta[property="og:image"]');
  expect(image).toBe(`${baseURL}/og.png`);
  expect(await meta('meta[name="twitter:image"]')).toBe(image);

  const png = await request.get(image ?? "");
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toBe("image/png");
  const bytes = await png.body();
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  // The IHDR chunk: width and height, big-endian, right after the 8-byte signature and its header.
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 630]);
});
