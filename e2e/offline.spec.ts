// Offline after the first visit: the service worker has cached the page, its scripts and
// the wasm binaries, so with the network gone a reload still opens the lab and trains; the
// same for the build served under a base path (/gradscope/, playwright.config.ts). The page
// is installable (a manifest with icons) and carries link previews.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The base-path build's origin: the test server's port + 1 (playwright.config.ts). */
const basedOrigin = (baseURL: string | undefined) => {
  const url = new URL(baseURL ?? '');
  url.port = String(Number(url.port) + 1);
  return url.origin;
};

/** Waits until the service worker is active for this page and has finished precaching. */
async function offlineReady(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect(page.getByTestId('offline-ready')).toHaveAttribute('data-ready', 'true');
}

async function trainsOffline(page: Page, url: string, context: import('@playwright/test').BrowserContext) {
  await page.goto(url);
  await expect.poll(async () => Number(await page.getByTestId('step-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(3);
  await offlineReady(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('step-count')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('step-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(10);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('error-alert')).toHaveCount(0);
  // A lesson's chapter and its formulas (KaTeX and its fonts, loaded on demand) open offline too.
  await page.goto(`${url.replace(/\?.*$/, '')}?guide=3&backend=wasm`);
  await expect(page.getByTestId('guide').locator('.katex').first()).toBeVisible();
  await context.setOffline(false);
}

test('after one visit the lab opens and trains with no network, at / and under a base path', async ({ page, context, baseURL }) => {
  await trainsOffline(page, '/?backend=wasm&depth=6', context);
  await trainsOffline(page, `${basedOrigin(baseURL)}/gradscope/?backend=wasm&depth=6`, context);
  // Everything the page loaded came from under the base path.
  const outside = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => !p.startsWith('/gradscope/')));
  expect(outside).toEqual([]);
});

test('installable, with link previews: a manifest with icons, a title, description and image', async ({ page, request }) => {
  await page.goto('/');
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBeTruthy();
  const manifest = await (await request.get(manifestHref ?? '')).json();
  expect(manifest.name).toMatch(/Gradscope/);
  expect(manifest.display).toBe('standalone');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect((await request.get(icon.src)).ok()).toBe(true);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /Gradscope/);
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute('content', /gradients/);
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  const png = await request.get(image ?? '');
  expect(png.ok()).toBe(true);
  expect(png.headers()['content-type']).toBe('image/png');
});

test('a new deployment waits for the person: the page offers to reload into it, and does', async ({ page, baseURL }) => {
  await page.goto(`${basedOrigin(baseURL)}/gradscope/?backend=wasm&depth=6`);
  await offlineReady(page);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  // A deployment changes the service worker's file; the browser's update check finds it.
  const sw = join(process.cwd(), 'dist-base', 'sw.js');
  const original = await readFile(sw, 'utf8');
  await writeFile(sw, `${original}\n// redeployed\n`);
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toContainText('A new version of Gradscope is ready');
    // Training goes on meanwhile: nothing switches under a lesson.
    const before = Number(await page.getByTestId('step-count').textContent());
    await expect.poll(async () => Number(await page.getByTestId('step-count').textContent())).toBeGreaterThan(before);
    const reloaded = page.waitForEvent('framenavigated');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await expect(page.getByTestId('step-count')).toBeVisible();
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    // The page is now served by the new worker, which has nothing waiting behind it.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
  } finally {
    await writeFile(sw, original);
  }
});
