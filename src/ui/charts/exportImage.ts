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
  // Canvases laid over the plot (per-layer lines) become images, pixels included.
  for (const canvas of svg.closest('.chart-frame')?.querySelectorAll<HTMLCanvasElement>('canvas.layer-lines') ?? []) {
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    image.setAttribute('x', canvas.dataset.x ?? '0');
    image.setAttribute('y', canvas.dataset.y ?? '0');
    image.setAttribute('width', canvas.style.width);
    image.setAttribute('height', canvas.style.height);
    image.setAttribute('href', canvas.toDataURL('image/png'));
    clone.appendChild(image);
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

export async function exportChartImage(container: HTMLElement, name: string, format: 'png' | 'svg'): Promise<void> {
  const svg = container.querySelector('svg.recharts-surface') ?? container.querySelector('svg');
  const canvas = svg ? null : container.querySelector('canvas');
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
