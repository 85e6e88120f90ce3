// Two languages: lang= opens the page in Chinese (the document says so too), every visible
// word is Chinese beyond proper names, code and formulas, and the switch goes back to English.
import { expect, test } from './fixtures';

/**
 * Latin words allowed on the Chinese page: names (activations, optimizers, cells,
 * libraries, backends, formats, authors), the language switch's "English", and formula or
 * code fragments (∂loss, log10, max |∇W|, W_rec, chi).
 */
const ALLOWED = new Set(
  (
    'Adagrad Adam Bengio CSV ELU English GRU Gradscope He IRNN JSON Keras LSTM LeCun Leaky MLP Mikolov NaN PNG Pascanu PyTorch RMSprop RNN ReLU SELU ' +
    'SGD SVG Schoenholz TensorFlow WebGL Xavier auto backend chi cpu float32 leaky log loss max mean rec sigmoid std tanh tfjs wasm webgl ' +
    'CPU GAN ResNet Transformer Wasserstein WebAssembly dropout'
  ).split(' '),
);

async function englishLeft(page: import('@playwright/test').Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // Typeset formulas (KaTeX: \mathrm{in}, \operatorname{diag}) are formulas, not words.
    const hide = document.createElement('style');
    hide.textContent = '.katex { display: none !important; }';
    document.head.append(hide);
    // biome-ignore lint/performance/useDomNodeTextContent: the words a person sees (innerText leaves out what is not rendered)
    const visible = document.body.innerText;
    hide.remove();
    return `${visible} ${[...document.querySelectorAll('[title],[aria-label],[aria-valuetext]')]
      .map((e) => `${e.getAttribute('title') ?? ''} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('aria-valuetext') ?? ''}`)
      .join(' ')}`;
  });
  return [...new Set(text.match(/[A-Za-z][A-Za-z']{2,}/g) ?? [])].filter((w) => !ALLOWED.has(w)).sort();
}

test('lang=zh-CN: the lab, a diverged run with its fixes tried, a comparison and presentation mode show no English beyond names, code and formulas', async ({ app, page }) => {
  await app.open('v=1&lang=zh-CN&backend=wasm');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await app.waitForSteps(3);
  await expect(page.getByTestId('page-lab')).toHaveText('实验室');
  expect(await englishLeft(page)).toEqual([]);
  // Exploding, then diverged: the banner, its verdict and the fixes tried on the same seed.
  await app.open('v=1&lang=zh-CN&depth=30&gain=2&backend=wasm');
  await expect(app.healthAlert).toBeVisible();
  await expect(page.getByTestId('fix-progress').or(page.locator('[data-fix]').first())).toBeVisible({ timeout: 60_000 });
  expect(await englishLeft(page)).toEqual([]);
  await app.open('v=1&lang=zh-CN&depth=10&lr=3&b.clip=norm&b.clipv=0.1&backend=wasm');
  await expect(page.getByTestId('run-table')).toBeVisible();
  await app.waitForSteps(3);
  expect(await englishLeft(page)).toEqual([]);
  await app.open('v=1&lang=zh-CN&model=rnn&present=1&backend=wasm');
  await app.waitForSteps(2);
  expect(await englishLeft(page)).toEqual([]);
  // A hand-edited link: its corrections are said in Chinese too.
  await app.open('v=1&lang=zh-CN&lr=-5&depth=7.5&preset=exploding&backend=wasm');
  await expect(page.getByTestId('url-notice')).toContainText('超出了');
  await expect(page.getByTestId('url-notice')).toContainText('必须是整数');
  await expect(page.getByTestId('url-notice')).toContainText('爆炸：权重过大的 ReLU 网络');
  // The notice quotes the link's own keys (code): depth, gain.
  expect((await englishLeft(page)).filter((w) => w !== 'depth' && w !== 'gain')).toEqual([]);
});

test('the phase diagram in Chinese, and the switch back to English keeps the run and says lang=en in the link', async ({ app, page }) => {
  await app.open('v=1&lang=zh-CN&width=16&view=phase&nx=6&ny=6&pseeds=1&backend=wasm');
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('phase-status')).toContainText('个格子用时');
  expect(await englishLeft(page)).toEqual([]);
  await page.getByTestId('lang-switch').selectOption('en');
  await expect(page).toHaveURL(/lang=en/);
  await expect(page).toHaveURL(/view=phase/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('phase-status')).toContainText('cells in');
  await expect(page.getByTestId('page-lab')).toHaveText('Lab');
});

test('a guided lesson in Chinese: the chapter, its formulas’ words, the question, the runs’ answer and the chapter list show no English', async ({ app, page }) => {
  for (const n of [1, 3, 8, 12, 15]) {
    await app.open(`guide=${n}&lang=zh-CN&backend=wasm`);
    await expect(page.getByTestId('guide')).toBeVisible();
    await page.getByTestId('guide-question').locator('input[type=radio]').first().check();
    await page.getByTestId('guide-play').click();
    if (n === 3) await expect(page.getByTestId('guide-answer')).toBeVisible({ timeout: 60_000 });
    else await app.waitForSteps(2);
    const faq = page.locator('.guide-faq details');
    for (let i = 0; i < (await faq.count()); i++) await faq.nth(i).locator('summary').click();
    expect(await englishLeft(page), `chapter ${n}`).toEqual([]);
  }
});
