import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseColor, rasterLine } from './lineRaster';

const pixel = (buf: Uint8ClampedArray, w: number, x: number, y: number) => Array.from(buf.subarray((y * w + x) * 4, (y * w + x) * 4 + 4));

describe('rasterLine', () => {
  it('draws a segment between its end points and nothing far from it', () => {
    const w = 20;
    const h = 10;
    const buf = new Uint8ClampedArray(w * h * 4);
    rasterLine(buf, w, h, { xy: [1, 1, 18, 8], rgb: [255, 0, 0], opacity: 1, width: 1 });
    expect(pixel(buf, w, 1, 1)).toEqual([255, 0, 0, 255]);
    expect(pixel(buf, w, 18, 8)).toEqual([255, 0, 0, 255]);
    expect(pixel(buf, w, 18, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(buf, w, 1, 8)).toEqual([0, 0, 0, 0]);
  });

  it('breaks at NaN, blends translucent lines, and clips to the buffer', () => {
    const w = 10;
    const h = 10;
    const buf = new Uint8ClampedArray(w * h * 4);
    rasterLine(buf, w, h, { xy: [0, 5, 4, 5, Number.NaN, Number.NaN, 6, 5, 30, 5], rgb: [0, 0, 255], opacity: 0.5, width: 1 });
    expect(pixel(buf, w, 5, 5)).toEqual([0, 0, 0, 0]); // the gap
    expect(pixel(buf, w, 2, 5)[3]).toBe(128);
    expect(pixel(buf, w, 9, 5)[2]).toBe(255);
  });

  it('thick lines cover their width', () => {
    const w = 10;
    const h = 10;
    const buf = new Uint8ClampedArray(w * h * 4);
    rasterLine(buf, w, h, { xy: [0, 5, 9, 5], rgb: [0, 255, 0], opacity: 1, width: 3 });
    expect(pixel(buf, w, 4, 4)[3]).toBe(255);
    expect(pixel(buf, w, 4, 6)[3]).toBe(255);
    expect(pixel(buf, w, 4, 8)[3]).toBe(0);
  });

  it('opaque lines (the fast path) cover exactly the pixels translucent ones do', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -30, max: 70, noNaN: true }), fc.constant(Number.NaN)), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        (coords, width) => {
          const w = 40;
          const h = 30;
          const xy = coords.slice(0, coords.length - (coords.length % 2));
          const coverage = (opacity: number) => {
            const buf = new Uint8ClampedArray(w * h * 4);
            rasterLine(buf, w, h, { xy, rgb: [10, 20, 30], opacity, width });
            return Array.from({ length: w * h }, (_, p) => buf[p * 4 + 3] > 0);
          };
          expect(coverage(1)).toEqual(coverage(0.5));
        },
      ),
    );
  });

  it('draws an isolated point as a dot', () => {
    const w = 10;
    const h = 10;
    const buf = new Uint8ClampedArray(w * h * 4);
    rasterLine(buf, w, h, { xy: [5, 5, Number.NaN, Number.NaN], rgb: [9, 9, 9], opacity: 1, width: 1 });
    expect(pixel(buf, w, 5, 5)[3]).toBe(255);
    expect(pixel(buf, w, 6, 6)[3]).toBe(255);
    expect(pixel(buf, w, 8, 8)[3]).toBe(0);
  });

  it('parses the palette colours', () => {
    expect(parseColor('rgb(68,1,84)')).toEqual([68, 1, 84]);
    expect(parseColor('#0072B2')).toEqual([0, 114, 178]);
  });
});
