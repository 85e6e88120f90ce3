// Draws polylines into an RGBA pixel buffer (then put on a canvas with putImageData).
// Stroking 100 paths through the canvas API made the browser spend ~100 ms per redraw
// rasterising under software GPU emulation; writing the pixels here costs a few ms and
// behaves the same everywhere.

export interface RasterLine {
  /** Pixel coordinates, x0, y0, x1, y1, ...; NaN breaks the line. */
  xy: Float32Array | number[];
  rgb: [number, number, number];
  opacity: number;
  /** Line width in pixels (1 to 5). */
  width: number;
}

/**
 * Draws `line` into `buf` ([w, h] RGBA, straight alpha): each segment stepped one pixel
 * at a time along its major axis, `width` pixels thick across it, blended "over".
 * Opaque lines write whole pixels through a 32-bit view (little-endian RGBA).
 */
export function rasterLine(buf: Uint8ClampedArray, w: number, h: number, line: RasterLine): void {
  const { xy, opacity: a } = line;
  if (!(a > 0)) return;
  const [r, g, b] = line.rgb;
  const half = Math.max(0, Math.round(line.width) - 1) / 2;
  const lo = -Math.floor(half);
  const hi = Math.ceil(half);
  const opaque = a >= 1;
  const words = new Uint32Array(buf.buffer, buf.byteOffset, w * h);
  const packed = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  const plot = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const p = y * w + x;
    if (opaque) {
      words[p] = packed;
      return;
    }
    const i = p * 4;
    const da = buf[i + 3];
    if (da === 0) {
      buf[i] = r;
      buf[i + 1] = g;
      buf[i + 2] = b;
      buf[i + 3] = a * 255;
      return;
    }
    const k = (da / 255) * (1 - a);
    const oa = a + k;
    buf[i] = (r * a + buf[i] * k) / oa;
    buf[i + 1] = (g * a + buf[i + 1] * k) / oa;
    buf[i + 2] = (b * a + buf[i + 2] * k) / oa;
    buf[i + 3] = oa * 255;
  };
  // Isolated points (no finite neighbour) become small squares.
  const finite = (j: number) => j >= 0 && j + 1 < xy.length && Number.isFinite(xy[j] + xy[j + 1]);
  for (let k = 0; k + 1 < xy.length; k += 2) {
    if (!finite(k) || finite(k - 2) || finite(k + 2)) continue;
    const cx = Math.round(xy[k]);
    const cy = Math.round(xy[k + 1]);
    for (let ox = lo - 1; ox <= hi + 1; ox++) for (let oy = lo - 1; oy <= hi + 1; oy++) plot(cx + ox, cy + oy);
  }
  for (let k = 0; k + 3 < xy.length; k += 2) {
    const x0 = xy[k];
    const y0 = xy[k + 1];
    const x1 = xy[k + 2];
    const y1 = xy[k + 3];
    if (!Number.isFinite(x0 + y0 + x1 + y1)) continue;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
    const steep = Math.abs(dy) > Math.abs(dx);
    const sx = dx / steps;
    const sy = dy / steps;
    // Skip the first pixel of all but the first segment: it is the last of the previous one.
    const start = k === 0 ? 0 : 1;
    if (opaque) {
      // The common case (no layer singled out), written out: most of a redraw is spent here.
      for (let s = start; s <= steps; s++) {
        const px = Math.floor(x0 + sx * s + 0.5);
        const py = Math.floor(y0 + sy * s + 0.5);
        if (steep) {
          if (py < 0 || py >= h) continue;
          const row = py * w;
          for (let o = lo; o <= hi; o++) {
            const x = px + o;
            if (x >= 0 && x < w) words[row + x] = packed;
          }
        } else {
          if (px < 0 || px >= w) continue;
          for (let o = lo; o <= hi; o++) {
            const y = py + o;
            if (y >= 0 && y < h) words[y * w + px] = packed;
          }
        }
      }
      continue;
    }
    for (let s = start; s <= steps; s++) {
      const px = Math.floor(x0 + sx * s + 0.5);
      const py = Math.floor(y0 + sy * s + 0.5);
      if (steep) for (let o = lo; o <= hi; o++) plot(px + o, py);
      else for (let o = lo; o <= hi; o++) plot(px, py + o);
    }
  }
}

/** "rgb(r,g,b)" or "#rrggbb" to [r, g, b]. */
export function parseColor(color: string): [number, number, number] {
  const m = color.match(/rgb\((\d+),\s*(\d+),\s*(\d+)\)/);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const hex = color.replace('#', '');
  return [Number.parseInt(hex.slice(0, 2), 16), Number.parseInt(hex.slice(2, 4), 16), Number.parseInt(hex.slice(4, 6), 16)];
}
