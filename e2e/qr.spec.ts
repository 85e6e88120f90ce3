// The QR code of the run's link: it decodes (read here with jsQR, as a phone would) to the
// link of what is on screen, and that link opens the same run: settings, seed, runs,
// language and lesson chapter.
import { expect, test } from './fixtures';

test('the QR code decodes to the run’s link, and the link opens the same runs, language and chapter', async ({ app, page, browser }) => {
  await app.open('guide=6&lang=zh-CN&seed=7&backend=wasm');
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'fix-clip');
  await page.getByTestId('qr-button').click();
  const qr = page.getByTestId('qr-code');
  await expect(qr).toHaveAttribute('aria-label', '本运行链接的二维码');
  // Large enough to scan from the back of a room: over half the window's height.
  const box = await qr.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThan(0.5 * 720);
  await page.addScriptTag({ path: 'node_modules/jsqr/dist/jsQR.js' });
  const decoded = await page.evaluate(async () => {
    const svg = document.querySelector('[data-testid="qr-code"]')?.cloneNode(true) as SVGSVGElement;
    svg.setAttribute('width', '600');
    svg.setAttribute('height', '600');
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 600;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0, 600, 600);
    const pixels = ctx.getImageData(0, 0, 600, 600);
    const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
    return jsQR(pixels.data, 600, 600)?.data ?? null;
  });
  expect(decoded).toBe(await qr.getAttribute('data-link'));
  expect(decoded).toMatch(/lang=zh-CN/);
  expect(decoded).toMatch(/guide=6/);
  // Escape closes it; q opens it again.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('qr-dialog')).toHaveCount(0);
  await page.keyboard.press('q');
  await expect(page.getByTestId('qr-dialog')).toBeVisible();
  // The decoded link on a phone: the same runs (its own backend), in Chinese, on the same chapter.
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, hasTouch: true });
  await phone.goto(decoded ?? '');
  await expect(phone.getByTestId('guide')).toHaveAttribute('data-chapter', 'fix-clip');
  await expect(phone.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const params = (url: string) => {
    const p = new URL(url).searchParams;
    p.delete('backend');
    return [...p.entries()].sort();
  };
  expect(params(phone.url())).toEqual(params(page.url()));
  // Usable there: no sideways scrolling, and every button, select, text box and slider at least 44 px each way.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const small = await phone.evaluate(() =>
    [...document.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), .guide-progress a')]
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ e, r }) => `${e.tagName} ${e.textContent?.trim().slice(0, 20)} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  expect(small).toEqual([]);
  await phone.close();
});
