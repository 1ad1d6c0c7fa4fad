// WCAG 2 text contrast, measured in the browser: every visible piece of text (text nodes, form
// values, placeholders) against the background it is painted on, composited from its own
// element up to the page (translucent backgrounds and opacity included). The thresholds are
// WCAG AA's: 4.5:1 for normal text, 3:1 for large text (24 px, or 18.66 px bold). Text of a
// disabled control is exempt, as WCAG has it; text over a background image or gradient cannot
// be measured this way and is reported apart, so that it is never silently passed.

import type { Page } from "@playwright/test";

export interface ContrastFailure {
  text: string;
  where: string;
  ratio: number;
  required: number;
  color: string;
  background: string;
}

export interface ContrastReport {
  checked: number;
  failures: ContrastFailure[];
  /** Text over an image or gradient: not measurable from computed colours. */
  unmeasured: string[];
}

/** Measures every visible text on the page as it is now. */
export function measureContrast(page: Page): Promise<ContrastReport> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];

    // The browser converts any CSS colour (oklch, color-mix, named…) to sRGB when it paints:
    // a 1×1 canvas reads back what it would paint.
    const canvas = document.createElement("canvas");
    canvas.width = 1;
    canvas.height = 1;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) throw new Error("no 2D canvas");
    const toRgba = (css: string): Rgba => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };

    // `top` painted over the opaque `bottom`.
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [
        top[0] * a + bottom[0] * (1 - a),
        top[1] * a + bottom[1] * (1 - a),
        top[2] * a + bottom[2] * (1 - a),
        1,
      ];
    };

    const luminance = ([r, g, b]: Rgba): number => {
      const channel = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const hex = ([r, g, b]: Rgba) =>
      `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
        const testId = node.getAttribute("data-testid");
        const cls = (node.getAttribute("class") ?? "").split(/\s+/).filter((c) => /^(text|bg|placeholder)-/.test(c));
        parts.unshift(`${node.tagName.toLowerCase()}${testId ? `[data-testid=${testId}]` : ""}${cls.length ? `.${cls.join(".")}` : ""}`);
      }
      return parts.join(" > ");
    };

    /** The opaque colour behind `el`, or null when an image or gradient is behind it. */
    const backgroundOf = (el: Element): Rgba | null => {
      const layers: Rgba[] = [];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.backgroundImage !== "none") return null;
        const color = toRgba(style.backgroundColor);
        if (color[3] > 0) layers.push(color);
        if (color[3] >= 1) break;
      }
      // What is under the page: the canvas, white.
      return layers.reduceRight<Rgba>((under, layer) => over(layer, under), [255, 255, 255, 1]);
    };

    const opacityOf = (el: Element): number => {
      let opacity = 1;
      for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      return opacity;
    };

    const isLarge = (style: CSSStyleDeclaration): boolean => {
      const size = parseFloat(style.fontSize);
      return size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    };

    const report: { checked: number; failures: ContrastFailure[]; unmeasured: string[] } = {
      checked: 0,
      failures: [],
      unmeasured: [],
    };

    const check = (el: Element, text: string, colorCss: string, style: CSSStyleDeclaration) => {
      if (el.closest(":disabled, [aria-disabled='true']")) return;
      const background = backgroundOf(el);
      if (!background) {
        report.unmeasured.push(`${describe(el)}: ${text}`);
        return;
      }
      const own = toRgba(colorCss);
      const color = over([own[0], own[1], own[2], own[3] * opacityOf(el)], background);
      const measured = ratio(color, background);
      const required = isLarge(style) ? 3 : 4.5;
      report.checked += 1;
      if (measured < required) {
        report.failures.push({
          text: text.slice(0, 60),
          where: describe(el),
          ratio: Math.round(measured * 100) / 100,
          required,
          color: hex(color),
          background: hex(background),
        });
      }
    };

    // Visible: rendered with a size, not hidden, not clipped away (screen-reader-only text).
    const isShown = (el: Element, rects: DOMRectList | DOMRect[]): boolean => {
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
      return Array.from(rects).some((r) => r.width > 1 && r.height > 1);
    };

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? "";
      const el = node.parentElement;
      if (!text || !el || el.closest("script, style, noscript, svg, title, template")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (!isShown(el, range.getClientRects())) continue;
      const style = getComputedStyle(el);
      check(el, text, style.color, style);
    }

    for (const field of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea"))) {
      if (["hidden", "checkbox", "radio", "range", "color", "file", "submit", "button", "image"].includes(field.type)) continue;
      if (!isShown(field, [field.getBoundingClientRect()])) continue;
      const style = getComputedStyle(field);
      if (field.value) check(field, field.value, style.color, style);
      else if (field.placeholder) check(field, field.placeholder, getComputedStyle(field, "::placeholder").color, style);
    }

    return report;
  });
}
