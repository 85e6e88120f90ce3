import { chromium } from '@playwright/test';
const [url, out, w = 1280, h = 720, option = '', scrollQ = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
page.on('console', (m) => { if (m.type() === 'error') console.log('console', m.type(), m.text()); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`http://localhost:4321/${url}`);
await page.waitForSelector('[data-testid=guide-question]');
if (option) {
  await page.click(`[data-option="${option}"]`);
  const play = page.locator('[data-testid=guide-play]');
  if (await play.count()) await play.click();
  await page.waitForSelector('[data-testid=guide-answer]', { timeout: 240000 });
}
await page.waitForTimeout(2500);
if (scrollQ) await page.evaluate(() => { const a = document.querySelector('.guide-side'); const q = document.querySelector('[data-testid=guide-question]'); a.scrollTop = q.offsetTop - 20; });
await page.waitForTimeout(300);
await page.screenshot({ path: out });
const metrics = await page.evaluate(() => ({ scrollW: document.documentElement.scrollWidth, w: innerWidth, guideOverflowX: [...document.querySelectorAll('.guide *')].filter((e) => e.getBoundingClientRect().right > document.querySelector('.guide-side').getBoundingClientRect().right + 1 && !e.closest('.guide-display')).length }));
console.log(JSON.stringify(metrics));
await browser.close();
