// A start-up that never hangs: a backend that has not started within its deadline is
// given up for the next one, and the page says so.
import config from '../playwright.config';
import { expect, test } from './fixtures';

// No WebGL in this browser: the chain is wasm, then cpu.
const launch = config.use?.launchOptions ?? {};
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), '--disable-gpu', '--disable-software-rasterizer', '--disable-webgl', '--disable-webgl2'] } });

test('wasm files that never arrive: the run starts on cpu within 15 s and the page says why', async ({ app, page }) => {
  // The wasm binaries stall, as on a slow school network: the request is never answered.
  await page.context().route(/\.wasm(\?|$)/, () => undefined);
  const t0 = Date.now();
  await app.open('backend=wasm');
  await expect(app.backendBadge).toHaveAttribute('data-backend', 'cpu', { timeout: 15_000 });
  expect(Date.now() - t0).toBeLessThan(15_000);
  const notice = page.getByTestId('backend-notice');
  await expect(notice).toContainText('wasm could not start here');
  await expect(notice).toContainText('the wasm files did not arrive within 10 s');
  await expect(notice).toContainText('Running on cpu');
  await expect(page.getByTestId('backend-fallback')).toContainText('fallback');
  await app.waitForSteps(5);
  expect(Number.isFinite(await app.loss())).toBe(true);
  // The offer: keep cpu, without restarting the run.
  const before = await app.step();
  await page.getByTestId('use-running-backend').click();
  await expect(page).toHaveURL(/backend=cpu/);
  await expect(notice).toHaveCount(0);
  expect(await app.step()).toBeGreaterThanOrEqual(before);
  // The same, said in Chinese.
  await app.open('backend=wasm&lang=zh-CN');
  await expect(app.backendBadge).toHaveAttribute('data-backend', 'cpu', { timeout: 15_000 });
  await expect(notice).toContainText('wasm 文件未能在 10 秒内下载完成');
});
