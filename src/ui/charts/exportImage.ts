// Saves a chart as SVG or PNG. SVG charts are serialised with their computed colours
// inlined (CSS variables do not survive outside the page); canvas charts save their
// pixels. PNG of an SVG chart goes through an <img> and a canvas at 2x.

import { downloadBlob } from '../download';

const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor'];

function inlineStyles(source: Element, target: Element) {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', style);
  for (let i = 0; i < source.children.length; i++) inlineStyles(source.children[i], target.children[i]);
}

export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  // The series, drawn in an SVG of their own over the axes (ChartFrame's SeriesHost), join
  // the axes' SVG in the same coordinates.
  const series = svg.closest('.chart-frame')?.querySelector<SVGSVGElement>('svg.chart-series');
  if (series) {
    const copy = series.cloneNode(true) as SVGSVGElement;
    inlineStyles(series, copy);
    clone.append(...copy.childNodes);
  }
  // What is laid over the plot (LayerLines: the lines' canvases, with the opacity that
  // fades them, and the healthy band) joins the SVG at the same place.
  const overlay = svg.closest('.chart-frame')?.querySelector('.chart-overlay');
  for (const el of overlay?.querySelectorAll<HTMLElement>('canvas.layer-lines, .layer-lines-band') ?? []) {
    const box = { x: el.style.left, y: el.style.top, width: el.style.width, height: el.style.height };
    if (el instanceof HTMLCanvasElement) {
      const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
      for (const [k, v] of Object.entries(box)) image.setAttribute(k, String(Number.parseFloat(v) || 0));
      image.setAttribute('opacity', el.style.opacity || '1');
      image.setAttribute('preserveAspectRatio', 'none');
      image.setAttribute('href', el.toDataURL('image/png'));
      clone.appendChild(image);
    } else {
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      for (const [k, v] of Object.entries(box)) rect.setAttribute(k, String(Number.parseFloat(v) || 0));
      rect.setAttribute('fill', getComputedStyle(el).backgroundColor);
      clone.appendChild(rect);
      const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      text.setAttribute('x', String((Number.parseFloat(box.x) || 0) + 4));
      text.setAttribute('y', String((Number.parseFloat(box.y) || 0) + 14));
      text.setAttribute('style', `fill:${getComputedStyle(el).color};font-size:12px;font-family:system-ui,sans-serif`);
      text.textContent = el.textContent;
      clone.appendChild(text);
    }
  }
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.round(width)));
  clone.setAttribute('height', String(Math.round(height)));
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', getComputedStyle(document.body).getPropertyValue('--card-bg').trim() || '#fff');
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/**
 * The pixels of a canvas chart: its first canvas, with the heatmap's cells (a canvas of
 * one pixel per cell laid over the plot) drawn onto a copy of it where they sit.
 */
function canvasOf(container: HTMLElement): HTMLCanvasElement | null {
  const base = container.querySelector('canvas');
  const cells = container.querySelector<HTMLCanvasElement>('canvas.heatmap-cells');
  if (!base || !cells || cells.style.display === 'none') return base;
  const out = document.createElement('canvas');
  out.width = base.width;
  out.height = base.height;
  const ctx = out.getContext('2d');
  if (!ctx) return base;
  const scale = base.width / (base.getBoundingClientRect().width || base.width);
  const px = (v: string) => (Number.parseFloat(v) || 0) * scale;
  ctx.drawImage(base, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, px(cells.style.left), px(cells.style.top), px(cells.style.width), px(cells.style.height));
  return out;
}

export async function exportChartImage(container: HTMLElement, name: string, format: 'png' | 'svg'): Promise<void> {
  const svg = container.querySelector('svg.recharts-surface') ?? container.querySelector('svg');
  const canvas = svg ? null : canvasOf(container);
  if (canvas) {
    if (format === 'png') {
      canvas.toBlob((blob) => blob && downloadBlob(blob, `gradscope-${name}.png`), 'image/png');
      return;
    }
    // SVG of a canvas chart: the pixels embedded as an image.
    const { width, height } = canvas;
    const markup = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="${canvas.toDataURL('image/png')}" width="${width}" height="${height}"/></svg>`;
    downloadBlob(new Blob([markup], { type: 'image/svg+xml' }), `gradscope-${name}.svg`);
    return;
  }
  if (!svg) return;
  const markup = serializeSvg(svg as SVGSVGElement);
  if (format === 'svg') {
    downloadBlob(new Blob([markup], { type: 'image/svg+xml' }), `gradscope-${name}.svg`);
    return;
  }
  const { width, height } = (svg as SVGSVGElement).getBoundingClientRect();
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await img.decode();
  const out = document.createElement('canvas');
  out.width = Math.round(width * 2);
  out.height = Math.round(height * 2);
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0, width, height);
  out.toBlob((blob) => blob && downloadBlob(blob, `gradscope-${name}.png`), 'image/png');
}
