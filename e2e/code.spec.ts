// Show code: the selected run as a program, in three libraries, copied in one click.
import { expect, test } from './fixtures';

test('Show code gives the selected run as a TensorFlow.js, PyTorch or Keras program, and copies it', async ({ app, page }) => {
  await app.open('v=1&depth=12&width=24&gain=1.5&bstd=0.2&opt=adam&lr=0.003&clip=norm&clipv=2&backend=wasm');
  await app.waitForSteps(1);
  await page.getByTestId('show-code').click();
  const dialog = page.getByTestId('code-dialog');
  await expect(dialog).toBeVisible();
  const code = page.getByTestId('code-text');
  await expect(code).toContainText("import * as tf from '@tensorflow/tfjs';");
  await expect(code).toContainText('const DEPTH = 12, WIDTH = 24, GAIN = 1.5, BIAS_STD = 0.2;');
  await expect(code).toContainText('tf.train.adam(LR, 0.9, 0.999)');
  await expect(code).toContainText('Clip by global norm');
  await page.getByTestId('code-pytorch').click();
  await expect(code).toContainText('import torch');
  await expect(code).toContainText('clip_grad_norm_(params, 2)');
  await page.getByTestId('code-keras').click();
  await expect(code).toContainText('global_clipnorm=2');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('code-copy').click();
  await expect(page.getByTestId('code-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('from tensorflow import keras');
  // A variant selected: the code is that run's.
  await page.keyboard.press('Escape');
  await page.getByTestId('compare').click();
  await app.setNumber('Depth', 5);
  await page.getByTestId('show-code').click();
  await page.getByTestId('code-tfjs').click();
  await expect(code).toContainText('const DEPTH = 5,');
});
