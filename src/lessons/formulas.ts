// Each chapter's formulas in TeX (the same in both languages; KaTeX typesets them) and
// what their symbols stand for on screen. A symbol is marked \htmlData{sym=<id>}{...};
// hovering or focusing it highlights the chart that shows it (and, for δ_l or ∂L/∂W_l,
// switches the per-layer charts to that view while it is hovered).

import type { GradientView } from '../store/store';
import type { ChapterId, LookPart } from './chapters';

export interface SymbolTarget {
  part: LookPart;
  /** The per-layer gradient the charts show while the symbol is hovered. */
  view?: GradientView;
  /** The layer the per-layer charts single out: the first (input side) or the last (readout). */
  layer?: 'first' | 'last';
}

export const SYMBOLS = {
  loss: { part: 'loss' },
  testLoss: { part: 'loss' },
  data: { part: 'data' },
  eta: { part: 'update-ratio' },
  grad: { part: 'global-norm' },
  clip: { part: 'global-norm' },
  delta: { part: 'flow', view: 'delta' },
  delta1: { part: 'flow', view: 'delta', layer: 'first' },
  deltaL: { part: 'flow', view: 'delta', layer: 'last' },
  gradW: { part: 'flow', view: 'weight' },
  chi: { part: 'flow' },
  ratio: { part: 'update-ratio' },
  norms: { part: 'layer-norms' },
  dh: { part: 'flow' },
  sigma: { part: 'spectral' },
  chi1: { part: 'phase-map' },
} as const satisfies Record<string, SymbolTarget>;
export type SymbolId = keyof typeof SYMBOLS;

/** \htmlData{sym=id}{tex}: a symbol tied to a chart. */
const s = (id: SymbolId, tex: string) => `\\htmlData{sym=${id}}{${tex}}`;

export const FORMULAS: Record<ChapterId, string[]> = {
  descent: [
    `${s('loss', 'L(\\theta)')} = \\frac{1}{m}\\sum_{i=1}^{m}\\bigl(h_\\theta(${s('data', 'x_i')}) - ${s('data', 'y_i')}\\bigr)^2`,
    `\\theta_{t+1} = \\theta_t - ${s('eta', '\\eta')}\\,${s('grad', '\\nabla L(\\theta_t)')}`,
    `${s('eta', '\\eta')} < \\frac{2}{\\lambda_{\\max}}`,
  ],
  backprop: [
    `${s('delta', '\\delta_l')} = \\frac{\\partial L}{\\partial z_l} = \\bigl(W_{l+1}^{\\top}\\,${s('delta', '\\delta_{l+1}')}\\bigr) \\odot \\phi'(z_l)`,
    `${s('gradW', '\\frac{\\partial L}{\\partial W_l}')} = ${s('delta', '\\delta_l')}\\, h_{l-1}^{\\top}`,
  ],
  explodes: [
    `${s('delta1', '\\lVert\\delta_1\\rVert')} \\approx ${s('deltaL', '\\lVert\\delta_L\\rVert')}\\; ${s('chi', '\\chi')}^{(L-1)/2}`,
    `${s('chi', '\\chi')} = \\sigma_w^2\\,\\mathbb{E}\\bigl[\\phi'(z)^2\\bigr] = g^2 \\quad (\\mathrm{ReLU},\\ \\sigma_w^2 = 2g^2)`,
  ],
  vanishes: [
    `\\sigma'(z) = \\sigma(z)\\bigl(1-\\sigma(z)\\bigr) \\le \\tfrac14`,
    `\\begin{gathered}${s('delta1', '\\lVert\\delta_1\\rVert')} \\approx ${s('deltaL', '\\lVert\\delta_L\\rVert')}\\; ${s('chi', '\\chi')}^{(L-1)/2} \\\\ ${s('chi', '\\chi')} = \\sigma_w^2\\,\\mathbb{E}\\bigl[\\sigma'(z)^2\\bigr] < 1\\end{gathered}`,
  ],
  'fix-lr': [
    `L(\\theta - ${s('eta', '\\eta')} g) \\approx L(\\theta) - ${s('eta', '\\eta')}\\lVert g\\rVert^2 + \\tfrac{${s('eta', '\\eta')}^2}{2}\\, g^{\\top} H g`,
    `${s('eta', '\\eta')} < \\frac{2}{\\lambda_{\\max}(H)}`,
  ],
  'fix-clip': [
    `g \\leftarrow g \\cdot \\min\\Bigl(1, \\frac{${s('clip', 'c')}}{${s('grad', '\\lVert g\\rVert')}}\\Bigr)`,
    `g_i \\leftarrow \\max\\bigl(-${s('clip', 'c')}, \\min(${s('clip', 'c')}, g_i)\\bigr)`,
  ],
  'fix-init': [
    `\\begin{gathered}W_{ij} \\sim \\mathcal{N}\\Bigl(0,\\ g^2\\,\\frac{2}{n_{\\mathrm{in}}}\\Bigr)\\ (\\mathrm{He}) \\\\ W_{ij} \\sim \\mathcal{N}\\Bigl(0,\\ g^2\\,\\frac{2}{n_{\\mathrm{in}} + n_{\\mathrm{out}}}\\Bigr)\\ (\\mathrm{Xavier})\\end{gathered}`,
    `\\begin{gathered}\\frac{${s('delta1', '\\lVert\\delta_1\\rVert')}}{${s('deltaL', '\\lVert\\delta_L\\rVert')}} \\approx ${s('chi', '\\chi')}^{(L-1)/2} \\\\ ${s('chi', '\\chi')}_{\\mathrm{ReLU,\\,He}} = g^2\\end{gathered}`,
  ],
  'fix-optimizer': [
    `\\begin{gathered}m_t = \\beta_1 m_{t-1} + (1-\\beta_1)\\, g_t \\\\ v_t = \\beta_2 v_{t-1} + (1-\\beta_2)\\, g_t^2\\end{gathered}`,
    `\\begin{gathered}\\Delta\\theta = -${s('eta', '\\eta')}\\, \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\varepsilon}\\ (\\mathrm{Adam}) \\\\ \\Delta\\theta = -${s('eta', '\\eta')}\\, \\frac{g_t}{\\sqrt{v_t} + \\varepsilon}\\ (\\mathrm{RMSprop})\\end{gathered}`,
    `${s('ratio', '\\frac{\\lVert\\Delta W_l\\rVert}{\\lVert W_l\\rVert}')}`,
  ],
  'fix-decay': [
    `\\theta \\leftarrow \\theta - ${s('eta', '\\eta')}\\bigl(${s('grad', '\\nabla L(\\theta)')} + \\lambda\\,\\theta\\bigr)`,
    `\\theta_i \\leftarrow \\max\\bigl(-c, \\min(c, \\theta_i)\\bigr)`,
  ],
  'fix-layernorm': [
    `\\mathrm{LN}(z) = \\gamma \\odot \\frac{z - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}} + \\beta`,
    `\\frac{\\partial\\,\\mathrm{LN}(z)}{\\partial z} = \\frac{\\gamma}{\\sqrt{\\sigma^2 + \\varepsilon}}\\, P`,
    `W_{l+1} \\to a\\,W_{l+1}: \\quad \\sigma_{l+1} \\to a\\,\\sigma_{l+1}, \\quad ${s('delta', '\\delta_l')} \\to ${s('delta', '\\delta_l')}`,
  ],
  'fix-residual': [
    `h_l = h_{l-1} + F_l(h_{l-1})`,
    `${s('delta', '\\delta_{l-1}')} = ${s('delta', '\\delta_l')} + \\Bigl(\\frac{\\partial F_l}{\\partial h_{l-1}}\\Bigr)^{\\!\\top} ${s('delta', '\\delta_l')}`,
  ],
  rnn: [
    `h_t = \\tanh\\bigl(W_{\\mathrm{rec}}\\, h_{t-1} + W_{\\mathrm{in}}\\, x_t + b\\bigr)`,
    `\\begin{gathered}${s('dh', '\\frac{\\partial L}{\\partial h_t}')} = \\Bigl(\\prod_{k=t+1}^{T} W_{\\mathrm{rec}}^{\\top}\\,\\mathrm{diag}\\bigl(\\phi'(z_k)\\bigr)\\Bigr) ${s('dh', '\\frac{\\partial L}{\\partial h_T}')} \\\\ \\Bigl\\lVert \\tfrac{\\partial h_T}{\\partial h_t} \\Bigr\\rVert \\le ${s('sigma', '\\sigma_{\\max}')}^{\\,T-t}\\end{gathered}`,
    `c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde c_t \\;\\Rightarrow\\; \\frac{\\partial c_t}{\\partial c_{t-1}} = \\mathrm{diag}(f_t)`,
  ],
  phase: [
    `q^{*} = \\sigma_w^2\\, \\mathbb{E}_{z}\\bigl[\\phi(\\sqrt{q^{*}}\\,z)^2\\bigr] + \\sigma_b^2`,
    `\\begin{gathered}${s('chi1', '\\chi_1')} = \\sigma_w^2\\, \\mathbb{E}_{z}\\bigl[\\phi'(\\sqrt{q^{*}}\\,z)^2\\bigr] \\\\ \\frac{\\lVert\\delta_1\\rVert}{\\lVert\\delta_L\\rVert} \\approx ${s('chi1', '\\chi_1')}^{(L-1)/2}\\end{gathered}`,
  ],
  overfitting: [
    `\\begin{gathered}${s('loss', 'L_{\\mathrm{train}}')} \\searrow 0 \\\\ ${s('testLoss', 'L_{\\mathrm{test}}')} \\nearrow\\end{gathered}`,
    `L_\\lambda(\\theta) = ${s('loss', 'L(\\theta)')} + \\frac{\\lambda}{2}\\lVert\\theta\\rVert^2 \\;\\Rightarrow\\; \\nabla L_\\lambda = \\nabla L + \\lambda\\,\\theta`,
  ],
  faq: [
    `${s('grad', '\\lVert g\\rVert')} = \\sqrt{\\textstyle\\sum_l \\lVert \\nabla_{W_l} L\\rVert^2 + \\lVert \\nabla_{b_l} L\\rVert^2}`,
    `\\mathrm{Var}(W) = \\frac{2}{n_{\\mathrm{in}}} \\;\\Rightarrow\\; ${s('chi', '\\chi')} = 1 \\quad (\\mathrm{ReLU})`,
  ],
};
