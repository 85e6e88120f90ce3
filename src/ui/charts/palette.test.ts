import { describe, expect, it } from 'vitest';
import { RUN_STYLES, SERIES, viridis } from './palette';

/** sRGB (#rrggbb or rgb(r,g,b)) to linear RGB. */
function linear(color: string): [number, number, number] {
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  const n = Number.parseInt(color.replace('#', ''), 16);
  const channels = rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return channels.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
}

/** How a colour looks with protanopia or deuteranopia (Viénot, Brettel and Mollon 1999), in linear RGB. */
const SIMULATE = {
  protanopia: [
    [0.11238, 0.88762, 0],
    [0.11238, 0.88762, 0],
    [0.00401, -0.00401, 1],
  ],
  deuteranopia: [
    [0.29275, 0.70725, 0],
    [0.29275, 0.70725, 0],
    [-0.02234, 0.02234, 1],
  ],
  none: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
} as const;

/** CIELAB of a linear RGB colour (D65). */
function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function seen(hex: string, vision: keyof typeof SIMULATE): [number, number, number] {
  const c = linear(hex);
  const m = SIMULATE[vision];
  return lab(m.map((row) => Math.min(1, Math.max(0, row[0] * c[0] + row[1] * c[1] + row[2] * c[2]))) as [number, number, number]);
}

const deltaE = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('colours are told apart by everyone', () => {
  it('the runs of a comparison differ in colour for red-green colour blindness too, and in dash alone', () => {
    for (const vision of ['none', 'protanopia', 'deuteranopia'] as const) {
      for (let i = 0; i < RUN_STYLES.length; i++) {
        for (let j = i + 1; j < RUN_STYLES.length; j++) {
          expect(deltaE(seen(RUN_STYLES[i].color, vision), seen(RUN_STYLES[j].color, vision)), `${vision}: runs ${i} and ${j}`).toBeGreaterThan(10);
        }
      }
    }
    // In greyscale (a projector that washes colour out) the dash patterns still differ.
    expect(new Set(RUN_STYLES.map((s) => s.dash ?? 'solid')).size).toBe(RUN_STYLES.length);
  });

  it("the loss chart's training and held-out lines, and clipping's before and after, differ for red-green colour blindness", () => {
    for (const vision of ['protanopia', 'deuteranopia'] as const) {
      expect(deltaE(seen(SERIES.train, vision), seen(SERIES.test, vision))).toBeGreaterThan(10);
      expect(deltaE(seen(SERIES.before, vision), seen(SERIES.after, vision))).toBeGreaterThan(10);
    }
  });

  it('the layer and heatmap scale (viridis) gets lighter from end to end, whatever the colour vision', () => {
    for (const vision of ['none', 'protanopia', 'deuteranopia'] as const) {
      const lightness = Array.from({ length: 11 }, (_, i) => seen(viridis(i / 10), vision)[0]);
      for (let i = 1; i < lightness.length; i++) expect(lightness[i]).toBeGreaterThan(lightness[i - 1]);
    }
  });
});
