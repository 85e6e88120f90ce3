// What the page tells the person, and what it does when nobody looks: corrections said
// in every view mode, once per link; a page that hides everything says so; a paused run
// stays paused; a hidden tab pauses; a frozen page does not pile up frames.
import { expect, test } from './fixtures';

const notice = (page: import('@playwright/test').Page) => page.getByTestId('url-notice');

test('corrections are said in embed mode too, once per link', async ({ app, page }) => {
  await app.open('embed=1&depth=abc&lr=99');
  await expect(notice(page)).toContainText('depth="abc"');
  await expect(notice(page)).toContainText('lr=');
  await app.waitForSteps(2);
  // The address now carries the corrected values: a reload (or a copy of it) reads clean.
  await page.reload();
  await app.waitForSteps(1);
  await expect(notice(page)).toHaveCount(0);
});

test('a link that hides every chart says so and offers the way back', async ({ app, page }) => {
  await app.open('hide=controls,theory,runbar,flow,layer-norms,heatmap,loss,data,update-ratio,global-norm,header');
  await expect(page.getByTestId('nothing-shown')).toBeVisible();
  await page.getByRole('button', { name: 'Show everything' }).click();
  await expect(app.chart('loss')).toBeVisible();
  await expect(page.getByTestId('nothing-shown')).toHaveCount(0);
  await expect(page).not.toHaveURL(/hide=/);
});

test('an unknown preset says so; a preset whose fields the link overrides says what changed and drops its card', async ({ app, page }) => {
  await app.open('preset=no-such-lesson');
  await expect(notice(page)).toContainText('preset=no-such-lesson is not a lesson this page knows');
  await expect(page.getByTestId('preset-card')).toHaveCount(0);
  await app.open('preset=exploding&gain=1');
  await expect(notice(page)).toContainText('changes the lesson');
  await expect(notice(page)).toContainText('gain=1 (the lesson has 2)');
  await expect(page.getByTestId('preset-card')).toHaveCount(0);
  await expect(page).not.toHaveURL(/preset=/);
});

test('a long lesson is cut once, and a right-to-left override in it is removed', async ({ app, page }) => {
  const long = `Watch\u202Etxet desrever ${'layer one, '.repeat(40)}`;
  await app.open(`lesson=${encodeURIComponent(long)}`);
  await expect(notice(page)).toContainText('it is cut to 280');
  const text = await page.getByTestId('lesson-text').textContent();
  expect(text?.length).toBeLessThanOrEqual(280);
  expect(text).not.toContain('\u202E');
  expect(text?.startsWith('Watchtxet desrever layer one')).toBe(true);
  // The link now carries the cut text: reloading it warns no more.
  await page.reload();
  await expect(page.getByTestId('lesson-text')).toHaveText(text ?? '');
  await expect(notice(page)).toHaveCount(0);
});

test('a paused run stays paused on reload and in a copied link, which leaves the backend out unless asked', async ({ app, page }) => {
  await app.open('backend=wasm');
  await app.waitForSteps(3);
  await app.pause();
  await expect(page).toHaveURL(/run=0/);
  await page.reload();
  await expect(app.status).toHaveText('paused');
  expect(await app.step()).toBe(0);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  let copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('run=0');
  expect(copied).toContain('backend=auto');
  await page.getByTestId('link-with-backend').check();
  await page.getByTestId('copy-link').click();
  copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('backend=wasm');
});

test('when the clipboard refuses, the link stays on screen until dismissed', async ({ app, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
  });
  await app.open();
  await page.getByTestId('copy-link').click();
  const box = page.getByTestId('copy-fallback');
  await expect(box).toBeVisible();
  await page.waitForTimeout(3500);
  await expect(box).toBeVisible();
  await expect(box.locator('input')).toHaveValue(/\?v=1&/);
  await box.getByRole('button', { name: 'Done' }).click();
  await expect(box).toHaveCount(0);
});

test('Play/Pause answers right after Reset', async ({ app, page }) => {
  await app.open('backend=wasm');
  await app.waitForSteps(3);
  await app.resetButton.click();
  await expect(app.playPause).toBeEnabled();
  await app.playPause.click();
  await expect(app.status).toHaveText('paused');
  const held = await app.step();
  await page.waitForTimeout(800);
  expect(await app.step()).toBe(held);
});

test('a hidden tab pauses training and resumes it on return', async ({ app, page }) => {
  await app.open('backend=wasm');
  await app.waitForSteps(3);
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { value: h, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await expect(app.status).toHaveText('paused: tab hidden');
  const held = await app.step();
  await page.waitForTimeout(1000);
  expect(await app.step()).toBe(held);
  await setHidden(false);
  await expect(app.status).toHaveText('running');
  await app.waitForSteps(held + 5);
});

// CDP's Page.setWebLifecycleState('frozen') does not freeze a visible headless page here
// (its animation frames and timers kept running), so the page is made unable to take
// frames the way a frozen one is: its main thread is held for 8 s.
test('a page that cannot take its frames piles up none: the heap stays flat and the run does not jump when it can again', async ({ app, page }) => {
  await app.open('backend=wasm&depth=6');
  // At 20 steps a second, 8 s stalled would be 160 steps to pile up.
  await page.locator('.speed select').selectOption('20');
  await app.waitForSteps(20);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  const before = await heap();
  const stepBefore = await app.step();
  await page.evaluate(() => {
    const t = performance.now();
    while (performance.now() - t < 8000) {
      // held: no frame, no message handled
    }
  });
  // Once it can again, the run is where it was, give or take the frames the worker may
  // send ahead (about a step each at this speed), and it does not race to catch up.
  await page.waitForTimeout(500);
  const stepAfter = await app.step();
  expect(stepAfter - stepBefore).toBeLessThan(30);
  await cdp.send('HeapProfiler.collectGarbage');
  expect(await heap()).toBeLessThan(before * 1.5 + 2);
  await app.waitForSteps(stepAfter + 10);
});

test('a 17 KB link opens the app (with a notice), not an error page', async ({ app, page }) => {
  const response = await page.goto(`/?v=1&lesson=${'x'.repeat(17 * 1024)}`);
  expect(response?.status()).toBe(200);
  await expect(notice(page)).toContainText('is 17 KB long: only its first 4 KB were read');
  await app.waitForSteps(2);
});

test('a link over 256 KB gets a page that says why, with a link to the default run', async ({ request }) => {
  const response = await request.get(`/?v=1&lesson=${'x'.repeat(300 * 1024)}`, { failOnStatusCode: false });
  expect(response.status()).toBe(414);
  const body = await response.text();
  expect(body).toContain('This link is too long to open');
  expect(body).toContain('<a href="/">Open the default run</a>');
});
