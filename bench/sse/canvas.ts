// An RGBA pixel buffer with the few drawing operations a line chart needs: rectangles, thick
// lines, dots and 5×7 text scaled up. Pure TypeScript, so the chart needs no browser.

import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from "./font";
import { encodePng } from "./png";

export type Rgb = readonly [number, number, number];

export class Canvas {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;

  constructor(width: number, height: number, background: Rgb) {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, [r, g, b]: Rgb): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const i = (py * this.width + px) * 4;
    this.pixels[i] = r;
    this.pixels[i + 1] = g;
    this.pixels[i + 2] = b;
    this.pixels[i + 3] = 255;
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let yy = Math.round(y); yy < Math.round(y + h); yy++) {
      for (let xx = Math.round(x); xx < Math.round(x + w); xx++) this.setPixel(xx, yy, color);
    }
  }

  /** A line `thickness` pixels wide; `dash` > 0 draws dashes of that many pixels. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1, dash = 0): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length * 2));
    const half = (thickness - 1) / 2;
    for (let i = 0; i <= steps; i++) {
      if (dash > 0 && Math.floor((i / 2) / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      this.fillRect(x - half, y - half, thickness, thickness, color);
    }
  }

  dot(x: number, y: number, radius: number, color: Rgb): void {
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) if (dx * dx + dy * dy <= radius * radius) this.setPixel(x + dx, y + dy, color);
    }
  }

  /** Width in pixels of `text` at `scale`. */
  static textWidth(text: string, scale: number): number {
    return text.length * (GLYPH_WIDTH + 1) * scale - scale;
  }

  /** Text with its top-left corner at (x, y). */
  text(x: number, y: number, text: string, color: Rgb, scale = 2): void {
    [...text].forEach((char, index) => {
      const rows = glyph(char);
      const left = x + index * (GLYPH_WIDTH + 1) * scale;
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if ((rows[row] >> (GLYPH_WIDTH - 1 - col)) & 1) this.fillRect(left + col * scale, y + row * scale, scale, scale, color);
        }
      }
    });
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }
}
