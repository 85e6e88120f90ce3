// The guided lessons as a student and a teacher use them: every chapter opens from its
// link in both languages with its formulas typeset and its runs waiting for play; the
// question is answered by the runs; the formula's symbols light up their chart; Learn,
// Next / Previous, the presenter's PageDown / PageUp; presentation mode; an edited run.
import { CHAPTERS } from '../src/lessons/chapters';
import { FORMULAS } from '../src/lessons/formulas';
import { expect, test } from './fixtures';

for (const lang of ['en', 'zh-CN'] as const) {
  test(`${lang}: every chapter opens from its link, formulas typeset, its runs paused until play, then training, with no console error`, async ({ app, page }) => {
    test.setTimeout(300_000);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    for (const chapter of CHAPTERS) {
      await app.open(`guide=${chapter.number}&lang=${lang}&backend=wasm`);
      const guide = page.getByTestId('guide');
      await expect(guide).toHaveAttribute('data-chapter', chapter.id);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // KaTeX output for every display formula (its MathML for screen readers too).
      await expect(guide.locator('.guide-display .katex-html')).toHaveCount(FORMULAS[chapter.id].length);
      await expect(guide.locator('.guide-display .katex-mathml').first()).toBeAttached();
      await expect(guide.locator('.guide-question')).toBeVisible();
      if (chapter.page === 'phase') {
        // The phase chapter measures its map as it opens.
        await expect(page.locator('[data-look-part="phase-map"][data-look]')).toBeVisible({ timeout: 60_000 });
        await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', /running|done/);
        continue;
      }
      // Paused until play: the question comes first.
      await expect(page.getByTestId('guide-play')).toBeVisible();
      await page.waitForTimeout(300);
      expect(await app.step(), chapter.id).toBe(0);
      await expect(page.locator(`[data-slot="${chapter.look}"][data-look]`)).toBeVisible();
      expect(await page.locator('.chart-slot').first().getAttribute('data-slot'), 'the lesson’s chart comes first').toBe(chapter.look);
      await page.getByTestId('guide-play').click();
      await app.waitForSteps(1);
      await expect(page).toHaveURL(new RegExp(`guide=${chapter.number}`));
    }
    expect(errors).toEqual([]);
  });
}

test('a question is answered by the run: pick, play, the measured numbers; the progress remembers the answer', async ({ app, page }) => {
  await app.open('guide=3&backend=wasm');
  const guide = page.getByTestId('guide');
  await expect(guide.getByText('Pick an answer, then press play', { exact: false })).toHaveCount(0);
  await expect(guide.locator('.guide-progress-line')).toContainText('Paused at step 0 of 1');
  await page.getByLabel('Explode: far larger at the first layer').check();
  await page.getByTestId('guide-play').click();
  const answer = page.getByTestId('guide-answer');
  await expect(answer).toBeVisible({ timeout: 60_000 });
  await expect(answer).toHaveAttribute('data-answer', 'explodes');
  await expect(answer).toContainText('You said the same: right.');
  // The ratio the run measured: hundreds of millions (theory: 4^14.5 ≈ 5 × 10⁸).
  const measured = (await page.getByTestId('guide-measured').textContent()) ?? '';
  const m = /= ([\d.]+) × 10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/.exec(measured);
  expect(m, measured).not.toBeNull();
  const exponent = Number([...(m?.[2] ?? '')].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)).join(''));
  expect(exponent).toBeGreaterThanOrEqual(7);
  expect(exponent).toBeLessThanOrEqual(10);
  await expect(page.locator('.guide-progress a[aria-current]')).toHaveClass(/right/);
  await expect(page.locator('.guide-progress-head')).toContainText('1 of 15 answered');
  // Another chapter, another page load: the answer is remembered.
  await app.open('guide=4&backend=wasm');
  await expect(page.locator('.guide-progress-head')).toContainText('1 of 15 answered');
  await expect(page.locator('.guide-progress a', { hasText: /^3$/ })).toHaveClass(/right/);
  // A question not answered but revealed: the answer, no verdict on the person.
  await page.getByTestId('guide-play').click();
  await page.getByTestId('guide-reveal').click();
  await expect(page.getByTestId('guide-answer')).toHaveAttribute('data-answer', 'vanishes');
  await expect(page.getByTestId('guide-answer')).not.toContainText('You said');
});

test('Learn opens the guide; Next, Previous, PageDown and PageUp move between chapters; Learn again closes it and the settings come back', async ({ app, page }) => {
  await app.open('backend=wasm');
  await expect(page.getByTestId('controls')).toBeVisible();
  await page.getByTestId('learn').click();
  await expect(page).toHaveURL(/guide=1/);
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'descent');
  await expect(page.getByTestId('run-table')).toBeVisible();
  await page.getByTestId('guide-next').click();
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'backprop');
  await expect(page).toHaveURL(/guide=2/);
  await expect(page.getByRole('heading', { name: /Backpropagation/ })).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'explodes');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'backprop');
  await page.getByTestId('guide-prev').click();
  await expect(page.getByTestId('guide-prev')).toBeDisabled();
  // The browser's back button walks the chapters back too.
  await page.goBack();
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'backprop');
  // The settings are one click away, and the lesson keeps its place.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('controls')).toBeVisible();
  await page.getByRole('button', { name: '← Back to the lesson' }).click();
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'backprop');
  await page.getByTestId('learn').click();
  await expect(page.getByTestId('guide')).toHaveCount(0);
  await expect(page.getByTestId('controls')).toBeVisible();
  await expect(page).not.toHaveURL(/guide=/);
  // Learn again resumes where the reader was.
  await page.getByTestId('learn').click();
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'backprop');
});

test('a formula’s symbol lights up its chart: hovering δ_l shows the per-layer delta, hovering ∂L/∂W_l the weight gradient', async ({ app, page }) => {
  await app.open('guide=2&backend=wasm');
  await page.getByTestId('guide-play').click();
  await app.waitForSteps(2);
  const flow = page.locator('[data-slot="flow"]');
  const frame = app.chart('flow').locator('.chart-frame');
  await expect(frame).toHaveAttribute('aria-label', /delta/);
  await expect(flow).not.toHaveAttribute('data-sym-hot', '');
  await page.locator('.guide-display [data-sym="gradW"]').first().hover();
  await expect(flow).toHaveAttribute('data-sym-hot', '');
  await expect(frame).toHaveAttribute('aria-label', /weight gradient/);
  await page.locator('.guide-display [data-sym="delta"]').first().hover();
  await expect(frame).toHaveAttribute('aria-label', /delta/);
  await page.getByTestId('guide').locator('h2').hover();
  await expect(flow).not.toHaveAttribute('data-sym-hot', '');
  // By keyboard: the symbol's entry under the formulas does the same, and the person's own choice of view comes back after.
  await app.chart('flow').getByRole('button', { name: 'dL/dW' }).click();
  await expect(frame).toHaveAttribute('aria-label', /weight gradient/);
  await page.locator('[data-sym-chip="delta"]').focus();
  await expect(flow).toHaveAttribute('data-sym-hot', '');
  await expect(frame).toHaveAttribute('aria-label', /delta/);
  await expect(page.locator('.guide-display [data-sym="delta"].sym-hot').first()).toBeVisible();
  await page.locator('[data-sym-chip="delta"]').blur();
  await expect(frame).toHaveAttribute('aria-label', /weight gradient/);
});

test('presentation mode keeps the lesson beside the charts; a link that changes the chapter’s runs says so, and the runs can be restored', async ({ app, page }) => {
  await app.open('guide=5&present=1&lang=zh-CN&backend=wasm');
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'fix-lr');
  await expect(page.getByTestId('controls')).toHaveCount(0);
  await expect(page.getByTestId('guide-changed')).toHaveCount(0);
  await page.keyboard.press('n');
  await expect(page.getByTestId('guide')).toHaveAttribute('data-chapter', 'fix-clip');
  await expect(page).toHaveURL(/present=1/);
  await expect(page).toHaveURL(/lang=zh-CN/);
  // A teacher's edited link: the chapter stays, and says the runs are not its own.
  await app.open('guide=5&lr=0.1&lang=zh-CN&backend=wasm');
  await expect(page.getByTestId('guide-changed')).toContainText('lr');
  await page.getByTestId('guide-changed').getByRole('button').click();
  await expect(page.getByTestId('guide-changed')).toHaveCount(0);
  await expect(page).toHaveURL(/lr=3&/);
  // A chapter that does not exist: a note, and the lab.
  await app.open('guide=40&backend=wasm');
  await expect(page.getByTestId('url-notice')).toContainText('no chapter 40');
  await expect(page.getByTestId('guide')).toHaveCount(0);
});
