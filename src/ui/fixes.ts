// The fixes the health banner offers for a verdict, each a config patch applied in one
// click. Only fixes that change something for the current config are offered.

import type { Activation, InitScheme, RunConfig } from '../core/config';
import type { HealthStatus } from '../core/health';

export interface Fix {
  id: string;
  label: string;
  /** A few words: the label of the variant this fix opens side by side. */
  short: string;
  why: string;
  patch: Partial<RunConfig>;
}

/** The initializer whose variance keeps chi = 1 for an activation. */
export function matchingInit(activation: Activation): InitScheme {
  switch (activation) {
    case 'relu':
    case 'leaky_relu':
    case 'elu':
      return 'he_normal';
    case 'selu':
      return 'lecun_normal';
    default:
      return 'xavier_normal';
  }
}

export function fixesFor(status: HealthStatus, config: RunConfig): Fix[] {
  if (status === 'healthy') return [];
  const fixes: Fix[] = [];
  const init = matchingInit(config.activation);
  if (config.init !== init || config.initGain !== 1) {
    fixes.push({
      id: 'init',
      label: `Use ${init.replace('_', ' ')} (gain 1)`,
      short: init.replace('_', ' '),
      why: `the initialization that keeps gradient variance level for ${config.activation}`,
      patch: { init, initGain: 1 },
    });
  }
  if (status !== 'vanishing') {
    if (config.learningRate > 1e-5) {
      const lr = Math.max(1e-5, Number((config.learningRate / 10).toPrecision(2)));
      fixes.push({ id: 'lr', label: `Lower learning rate to ${lr}`, short: `lr ${lr}`, why: 'smaller steps', patch: { learningRate: lr } });
    }
    if (config.clip !== 'norm') {
      fixes.push({ id: 'clip', label: 'Clip by norm (1)', short: 'clip by norm', why: 'caps the global gradient norm', patch: { clip: 'norm', clipThreshold: 1 } });
    }
  }
  if (status === 'vanishing' && config.activation === 'relu') {
    fixes.push({
      id: 'leaky',
      label: 'Switch to leaky relu',
      short: 'leaky ReLU',
      why: 'a leaky unit never dies: it always passes 1% of the gradient',
      patch: { activation: 'leaky_relu' },
    });
  }
  if (status === 'vanishing' && (config.activation === 'sigmoid' || config.activation === 'tanh')) {
    fixes.push({ id: 'relu', label: 'Switch to relu + he', short: 'ReLU + He', why: 'relu does not squash gradients', patch: { activation: 'relu', init: 'he_normal', initGain: 1 } });
  }
  if (config.optimizer === 'sgd' || config.optimizer === 'momentum') {
    fixes.push({ id: 'adam', label: 'Switch to Adam', short: 'Adam', why: 'per-weight step sizes', patch: { optimizer: 'adam', learningRate: Math.min(config.learningRate, 0.001) } });
  }
  if (config.normalization === 'none' && config.depth > 1) {
    fixes.push({ id: 'norm', label: 'Add layer norm', short: 'layer norm', why: 'rescales every layer', patch: { normalization: 'layer' } });
  }
  if (!config.residual && config.depth > 1) {
    fixes.push({ id: 'residual', label: 'Add residual connections', short: 'residual', why: 'an identity path for the gradient', patch: { residual: true } });
  }
  return fixes;
}
