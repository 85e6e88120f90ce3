// The guided lessons in English (the source; zh-CN.ts follows it chapter by chapter).
import type { LessonTexts } from './types';

export const lessonsEn: LessonTexts = {
  descent: {
    title: 'Gradient descent and the loss',
    body: [
      'Training a network means making one number small: the loss $L(\\theta)$, how far the model’s outputs $h_\\theta(x_i)$ are from the targets $y_i$, averaged over the $m$ examples. Here the model is the simplest there is, a straight line ($h_\\theta(x) = wx + b$, no hidden layer), fitted to points on a sine curve.',
      'Gradient descent takes the slope of the loss, $\\nabla L$, and steps the other way: the step size $\\eta$ is the learning rate. Too small and the line creeps toward the points; right, and it gets there in a few dozen steps; too large, and every step overshoots the bottom of the valley by more than it started, so the loss grows instead of falling.',
      'Three runs share the data and the starting point and differ only in $\\eta$: A 0.01, B 0.3, C 1.5.',
    ],
    formulas: [
      'The loss: the mean squared error over m examples (some texts put 1/(2m) in front, which halves the gradient; the lab uses 1/m).',
      'One step of gradient descent with learning rate η.',
      'On a quadratic loss a step shrinks the error only while η is below 2 over the largest curvature λ_max.',
    ],
    symbols: {
      loss: 'The loss: the curves of the loss chart, one per run.',
      data: 'The examples: the points of the data chart.',
      eta: 'The learning rate: the update ratio chart shows how far each step moves the weights.',
      grad: 'The gradient: its size is the global gradient norm chart.',
    },
    look: 'The loss chart: three curves, one per learning rate.',
    question: 'After 100 steps, which run has the lowest loss?',
    options: { a: 'A: η = 0.01, the careful one', b: 'B: η = 0.3', c: 'C: η = 1.5, the fastest steps' },
    measured: 'Mean loss over steps 90–99: A {a}, B {b}, C {c}.',
    explain:
      'A is still on its way down: 0.01 is a safe step, but a slow one. C’s steps are longer than the valley is wide (η above 2/λ_max), so each one lands higher up the opposite wall and the loss grows without bound. B’s step fits the valley. The largest learning rate that works is set by the curvature of the loss, and deep networks have curvatures that change from layer to layer, which is where the rest of this guide begins.',
  },
  backprop: {
    title: 'Backpropagation and the per-layer delta',
    body: [
      'A deep network is a chain of layers: $z_l = W_l h_{l-1} + b_l$, then $h_l = \\phi(z_l)$. The chain rule gives the gradient of the loss with respect to every layer’s pre-activation, $\\delta_l$, by walking the chain backwards from the loss: multiply by the next layer’s weights transposed, then by the slope of the activation.',
      'Each weight’s gradient is $\\delta_l$ times the input that layer saw. So if $\\delta_l$ is tiny at the first layers, they do not learn; if it is huge, their update throws them far off. Everything in this guide is about the size of $\\delta_l$ as it travels back through the layers.',
      'This run is a 20-layer ReLU network initialised the He way, the standard choice for ReLU.',
    ],
    formulas: ['The backward recursion: δ_l from δ_{l+1}, through the weights and the activation’s slope φ′.', 'The weight gradient of layer l: its delta times the layer’s input.'],
    symbols: {
      delta: 'δ_l, the per-layer delta: the gradient flow chart in its δ view, one point per layer.',
      gradW: '∂L/∂W_l, the weight gradient: the gradient flow chart in its ∇W view.',
    },
    look: 'The gradient flow chart: ‖δ_l‖ for each layer, the input on the left, the readout on the right.',
    question: 'Through 20 layers, how much does ‖δ_l‖ change from the last layer back to the first?',
    options: { level: 'Less than 10 times', some: 'Between 10 and 1,000 times', huge: 'More than 1,000 times' },
    measured: 'At step 0, ‖δ_1‖ / ‖δ_L‖ = {ratio} over {depth} hidden layers.',
    explain:
      'With He initialisation each ReLU layer passes the gradient back at the same size on average: half of the units are off (φ′ = 0), and the weights’ variance 2/n makes up for exactly that half. The flow is flat, the first layer learns as fast as the last. The next two chapters break that balance, one way and then the other.',
  },
  explodes: {
    title: 'What explodes: a deep ReLU net with weights too large',
    body: [
      'Each layer multiplies the backward signal by $W^{\\top}$ and by the activation’s slope. On average that factor is $\\sqrt{\\chi}$, with $\\chi = \\sigma_w^2\\,\\mathbb{E}[\\phi\'(z)^2]$. Over $L$ layers the factors multiply: a number a little above 1, raised to the 30th power, is a large number.',
      'This run is the network of the previous chapter, made 30 layers deep, with its weights drawn twice as large (He initialisation with gain $g = 2$, so $\\chi = g^2 = 4$).',
    ],
    formulas: ['The size of the delta at the first layer, from the last one: a power of χ.', 'χ for ReLU with weights of variance σ_w² = 2g²/n (He with gain g).'],
    symbols: {
      delta1: '‖δ_1‖: the leftmost point of the gradient flow chart (layer 1).',
      deltaL: '‖δ_L‖: the rightmost point (the readout).',
      chi: 'χ: the dashed theory line of the gradient flow chart has slope χ^(1/2) per layer.',
    },
    look: 'The gradient flow chart (a log scale: each gridline is 10 times the one below) and the health banner.',
    question: 'Will this network’s gradients explode, vanish, or stay level across its 30 layers?',
    options: { explodes: 'Explode: far larger at the first layer', vanishes: 'Vanish: far smaller at the first layer', level: 'Stay about level' },
    measured: 'At step 0, ‖δ_1‖ / ‖δ_L‖ = {ratio} across {depth} hidden layers.',
    explain:
      'Theory says $4^{29/2} \\approx 5 \\times 10^8$, and the measurement is of that order: the gradient at the input layer is hundreds of millions of times the one at the readout. One step of SGD then moves the first layers by an enormous amount, the loss jumps, and the run goes to infinity or NaN. Nothing is wrong with the data or the optimiser: the weights are simply too large for this depth.',
  },
  vanishes: {
    title: 'What vanishes: a deep sigmoid net',
    body: [
      'The sigmoid’s slope is at most 1/4 (at $z = 0$) and much smaller where it saturates. With Xavier initialisation the weights do not make up for it, so $\\chi < 1$ and every layer shrinks the backward signal.',
      'This run has 20 sigmoid layers, Xavier initialisation and plain SGD: the textbook network of the 1990s, and the reason deep networks were long thought untrainable.',
    ],
    formulas: ['The sigmoid’s slope: never more than a quarter.', 'The same power law as before, now with χ below 1.'],
    symbols: {
      delta1: '‖δ_1‖: the leftmost point of the gradient flow chart.',
      deltaL: '‖δ_L‖: the rightmost point.',
      chi: 'χ: the slope of the dashed theory line.',
    },
    look: 'The gradient flow chart, and the per-layer gradient norms over training.',
    question: 'Will this network’s gradients explode, vanish, or stay level?',
    options: { explodes: 'Explode', vanishes: 'Vanish', level: 'Stay about level' },
    measured: 'At step 0, ‖δ_1‖ / ‖δ_L‖ = {ratio} across {depth} hidden layers.',
    explain:
      'The first layers get a gradient many orders of magnitude smaller than the last: they barely move, however long it trains, while the last layers fit what they can from features that stay random. The loss falls a little and stalls. A larger learning rate does not help, since it would blow up the last layers long before the first ones moved.',
  },
  'fix-lr': {
    title: 'Fix 1: a smaller learning rate',
    body: [
      'A network can start healthy and still blow up because its steps are too long. Near a minimum the loss looks like a bowl with curvature $H$; a step of length $\\eta$ along the gradient lowers the loss only while $\\eta < 2/\\lambda_{\\max}(H)$. Beyond that, each step lands higher than it started, the gradient grows, the next step is longer still: a feedback loop.',
      'Run A is a 10-layer ReLU net trained with $\\eta = 3$. Run B is the same net, same seed, with $\\eta = 0.03$.',
    ],
    formulas: ['The loss after a step: the first-order gain against the second-order cost.', 'The condition for a step to help.'],
    symbols: { eta: 'η, the learning rate: the update ratio chart shows the step it makes.' },
    look: 'The loss chart (A and B), and where A’s curve ends.',
    question: 'Which run still has a finite loss after 200 steps?',
    options: { a: 'Only A (η = 3)', b: 'Only B (η = 0.03)', both: 'Both', neither: 'Neither' },
    measured: 'A diverged at step {divergedA}; B’s loss at step 200: {lossB}.',
    explain:
      'A’s loss is finite at first, then the steps overshoot, the gradient norm climbs by orders of magnitude within a few steps, and the weights become infinite. B trains. The learning rate is the first thing to lower when a run diverges: dividing it by 3 or 10 until the loss falls steadily costs nothing but time.',
  },
  'fix-clip': {
    title: 'Fix 2: gradient clipping, by norm and by value',
    body: [
      'Clipping caps the step before it is taken. By norm: if the whole gradient vector is longer than $c$, shrink it to length $c$, keeping its direction. By value: cap every component at $\\pm c$, which also changes the direction, since large components are cut and small ones are kept.',
      'Run A is the diverging run of the last chapter ($\\eta = 3$). B clips by norm at 0.1; C clips by value at 0.01. The learning rate is the same for all three.',
    ],
    formulas: ['Clipping by norm: the direction is kept, the length is capped at c.', 'Clipping by value: each component is capped at ±c.'],
    symbols: {
      clip: 'c, the threshold: the global gradient norm chart shows the norm before and after clipping.',
      grad: '‖g‖, the gradient’s length: the global gradient norm chart.',
    },
    look: 'The global gradient norm chart: before clipping (solid) and after (dashed).',
    question: 'Which runs keep a finite loss for 200 steps?',
    options: { none: 'None of them', b: 'Only B (by norm)', c: 'Only C (by value)', bc: 'Both B and C' },
    measured: 'A diverged at step {divergedA}. After 200 steps: B’s loss {lossB}, C’s {lossC}.',
    explain:
      'Both clipped runs stay finite: with every step capped, the feedback loop of the last chapter cannot start. Clipping by norm keeps the gradient’s direction and usually trains better; clipping by value distorts it, and how much it learns depends strongly on c. Clipping is a safety net for rare spikes (it is standard in RNNs and transformers), not a cure for weights that are badly scaled.',
  },
  'fix-init': {
    title: 'Fix 3: initialisation and its gain',
    body: [
      'The explosion of chapter 3 came from weights drawn too large; the vanishing of chapter 4 from weights too small for the activation. Initialisation schemes choose the variance that keeps $\\chi = 1$: He’s $2/n_{\\mathrm{in}}$ for ReLU (half the units are off), Xavier’s $2/(n_{\\mathrm{in}} + n_{\\mathrm{out}})$ for tanh near zero. A gain $g$ scales the weights on top.',
      'Three 30-layer ReLU nets, one seed: A He with gain 2, B He with gain 1, C Xavier.',
    ],
    formulas: ['He and Xavier initialisation, with a gain g.', 'What the gain does to the gradient at the first layer.'],
    symbols: {
      delta1: '‖δ_1‖: the left end of each run’s line in the gradient flow chart.',
      deltaL: '‖δ_L‖: the right end.',
      chi: 'χ: the slope of each run’s dashed theory line.',
    },
    look: 'The gradient flow chart: one line per run.',
    question: 'Which run keeps ‖δ_l‖ level across the 30 layers?',
    options: { a: 'A: He, gain 2', b: 'B: He, gain 1', c: 'C: Xavier' },
    measured: '‖δ_1‖ / ‖δ_L‖ at step 0: A {a}, B {b}, C {c}.',
    explain:
      'He with gain 1 is χ = 1 for ReLU, and its line is flat. Gain 2 makes χ = 4 and the gradient explodes; Xavier gives a ReLU net about half the variance it needs (χ ≈ 1/2), and the gradient vanishes. The same activation, the same depth: the variance of the initial weights alone decides.',
  },
  'fix-optimizer': {
    title: 'Fix 4: Adam and RMSprop',
    body: [
      'SGD’s step is the gradient times $\\eta$: a layer whose gradient is a million times smaller moves a million times less. RMSprop divides each parameter’s gradient by a running root mean square of its recent values; Adam does the same with a running mean of the gradient on top. The step becomes about $\\eta$ in size whatever the gradient’s scale.',
      'Run A is a 20-layer ReLU net with weights too small (gain 0.5), trained by SGD: its gradients vanish toward the input. B trains the same net with Adam, C with RMSprop.',
    ],
    formulas: ['Adam’s running moments of the gradient and of its square.', 'Adam’s and RMSprop’s steps: the gradient divided by its own scale.', 'The update ratio: how far one step moves a layer’s weights, relative to their size.'],
    symbols: {
      eta: 'η: with Adam and RMSprop, roughly the size of each parameter’s step.',
      ratio: 'The update ratio per layer: the update ratio chart.',
    },
    look: 'The update ratio chart: one line per layer, coloured from the first layer to the last.',
    question: 'At step 20, whose first-layer update ratio is within 100 times its last layer’s?',
    options: { none: 'No run’s', adaptive: 'Adam’s and RMSprop’s, not SGD’s', all: 'All three runs’' },
    measured: 'Last layer’s update ratio ÷ first layer’s, at step 20: A (SGD) {a}, B (Adam) {b}, C (RMSprop) {c}.',
    explain:
      'SGD moves the first layer by a gradient that has vanished, so it does not move. Adam and RMSprop rescale each parameter’s gradient, and the first layers take steps of about the same relative size as the last. At step 0 the three runs have the same weights and the same vanishing gradient; as Adam’s and RMSprop’s first layers move, their gradients recover too (watch the gradient flow chart as they train), while SGD’s stay where they began. The adaptive optimisers work around the bad scale; the initialisation of chapter 7 removes it.',
  },
  'fix-decay': {
    title: 'Fix 5: weight decay and weight clipping',
    body: [
      'Two ways to keep the weights themselves small. Weight decay adds $\\lambda\\theta$ to every gradient, pulling each weight toward zero a little at every step. Weight clipping caps every weight at $\\pm c$ after each step (it keeps the critic of a Wasserstein GAN bounded).',
      'Run A is the diverging run again ($\\eta = 3$). B clips every weight at 0.3; C decays the weights with $\\lambda = 0.1$. Neither changes the learning rate.',
    ],
    formulas: ['Gradient descent with weight decay λ.', 'Weight clipping: every weight capped at ±c after the step.'],
    symbols: {
      eta: 'η, the learning rate: still 3 in all three runs.',
      grad: '∇L: the global gradient norm chart.',
    },
    look: 'The loss chart: do B and C get below the loss of a model that guesses, ln 3 ≈ 1.10 for three classes?',
    question: 'After 200 steps, what do the two bounded runs (B and C) do?',
    options: { train: 'They stay finite and learn', stall: 'They stay finite, but stay stuck near chance', diverge: 'They diverge like A' },
    measured: 'A diverged at step {divergedA}. Mean loss over the last 20 steps: B {b}, C {c}; chance is {chance}.',
    explain:
      'Bounded weights cannot become infinite, so the loss stays finite. But a step of η = 3 is still far too long: it throws the weights against the bounds (or, with decay, toward zero) at every step, the ReLUs die or saturate, and the network predicts no better than chance. Weight decay and weight clipping keep runs finite and fight overfitting (chapter 14); they do not make a too-large learning rate work.',
  },
  'fix-layernorm': {
    title: 'Fix 6: layer normalisation',
    body: [
      'Layer norm rescales each example’s pre-activations in a layer to mean 0 and variance 1, then applies a learned scale $\\gamma$ and shift $\\beta$. If the weights before it are $a$ times too large, so is $\\sigma$, and the division cancels it: the forward pass no longer depends on the weights’ scale, and neither does the backward pass, since the Jacobian of the normalisation divides by the same $\\sigma$.',
      'Run A is the exploding network of chapter 3 (30 ReLU layers, gain 2). Run B adds layer norm before every activation.',
    ],
    formulas: ['Layer normalisation of a pre-activation vector z (μ and σ are its mean and standard deviation).', 'Its Jacobian: a projection P, divided by σ.', 'Scaling the weights changes σ by the same factor, and leaves the delta unchanged.'],
    symbols: { delta: 'δ_l: the gradient flow chart, one line per run.' },
    look: 'The gradient flow chart: A and B side by side.',
    question: 'Which run’s initial gradients does the lab call healthy (neither vanishing nor exploding)?',
    options: { a: 'Only A', b: 'Only B (layer norm)', both: 'Both', neither: 'Neither' },
    measured: '‖δ_1‖ / ‖δ_L‖ at step 0: A {a}, B {b}.',
    explain:
      'The same weights that make A explode leave B healthy: every layer’s normalisation undoes the factor of 2 in its weights, in both directions. This is why transformers and many modern networks normalise every block: the depth no longer multiplies the weights’ scale.',
  },
  'fix-residual': {
    title: 'Fix 7: residual connections',
    body: [
      'A residual block adds its input to its output: $h_l = h_{l-1} + F_l(h_{l-1})$. Differentiate, and the backward pass gets the identity as well: $\\delta_{l-1} = \\delta_l + (\\ldots)^{\\top}\\delta_l$. However small the blocks’ own Jacobians, the gradient has a path back to the first layer that multiplies by nothing.',
      'Run A: 30 tanh layers with weights too small (Xavier, gain 0.5), so its gradient vanishes. Run B: the same layers, with residual connections.',
    ],
    formulas: ['A residual block: the input plus what the block computes.', 'The backward pass: the delta passes through unchanged, plus the block’s own term.'],
    symbols: { delta: 'δ_l: the gradient flow chart, one line per run.' },
    look: 'The gradient flow chart: A falls toward the input, B does not.',
    question: 'Which run’s initial gradients does the lab call healthy?',
    options: { a: 'Only A', b: 'Only B (residual)', both: 'Both', neither: 'Neither' },
    measured: '‖δ_1‖ / ‖δ_L‖ at step 0: A {a}, B {b}.',
    explain:
      'A’s gradient shrinks by orders of magnitude toward the input; B’s stays within about a decade, and it even grows a little toward the input, since each block adds its own term to the identity’s. This is what made networks of a hundred layers and more trainable (ResNet, 2015), and every transformer block is residual.',
  },
  rnn: {
    title: 'Recurrent networks: vanishing through time',
    body: [
      'A recurrent network applies the same weights at every time step. Backpropagation through time multiplies by $W_{\\mathrm{rec}}^{\\top}$ and the activation’s slope once per step, so the gradient from 100 steps back is a product of 100 factors: the same story as depth, with time as the depth. When $\\sigma_{\\max}$ of $W_{\\mathrm{rec}}$ (times the slope) is below 1 it vanishes; above, it can explode.',
      'The LSTM keeps a cell state that is updated by addition, $c_t = f_t \\odot c_{t-1} + \\ldots$: along it the gradient is multiplied by the forget gate $f_t$, which the network can learn to hold near 1. Run A is a vanilla RNN on a memory task with 100 steps; run B is an LSTM on the same task.',
    ],
    formulas: ['The vanilla RNN’s step.', 'The gradient at step t: a product of one factor per later step, bounded by σ_max to the power T − t.', 'The LSTM’s cell state: along it, the gradient is multiplied by the forget gate.'],
    symbols: {
      dh: '∂L/∂h_t: the gradient through time chart, one point per time step.',
      sigma: 'σ_max of the recurrent matrix: the spectral chart.',
    },
    look: 'The gradient through time chart: the gradient at each time step, the first step on the left.',
    question: 'Over the first 50 training steps, which cell carries the gradient back across 100 time steps without the lab calling it vanishing?',
    options: { a: 'Only A (vanilla RNN)', b: 'Only B (LSTM)', both: 'Both', neither: 'Neither' },
    measured: '‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at step 0 over T = {steps} time steps: A {a}, B {b}.',
    explain:
      'The vanilla RNN’s gradient from the start of the sequence is many orders of magnitude smaller than from the end: it cannot learn what the first symbols were. The LSTM’s additive cell state carries it back, and B learns the task while A stays at chance. GRUs work the same way; gradient clipping handles the other direction, explosion.',
  },
  phase: {
    title: 'The phase diagram: order, chaos and the edge between',
    body: [
      'Mean-field theory follows the variance $q^*$ of a layer’s pre-activations and the factor $\\chi_1$ by which a layer scales the backward signal, both as functions of the weights’ variance $\\sigma_w^2$ and the biases’ variance $\\sigma_b^2$. Where $\\chi_1 < 1$ (ordered) gradients vanish, where $\\chi_1 > 1$ (chaotic) they explode, and the line $\\chi_1 = 1$ between is the edge of chaos.',
      'The map measures $\\log_{10}\\lVert\\delta_1\\rVert/\\lVert\\delta_L\\rVert$ for a 30-layer tanh net at every point of a grid of $\\sigma_w^2$ (across) and $\\sigma_b^2$ (up): blue vanishes, red explodes. The solid line is theory’s $\\chi_1 = 1$.',
    ],
    formulas: ['The fixed point of the pre-activations’ variance.', 'χ₁, the gradient’s factor per layer, and what it does over L layers.'],
    symbols: { chi1: 'χ₁: the map’s colour is its measured effect, log₁₀ of ‖δ_1‖/‖δ_L‖; the solid line is χ₁ = 1.' },
    look: 'The phase map: the row σ_b² = 0.05, from left to right.',
    question: 'At σ_b² = 0.05, which σ_w² keeps the gradient level through the 30 layers?',
    options: { xavier: 'σ_w² = 1 (what Xavier gives tanh)', critical: 'σ_w² ≈ 1.76 (on theory’s critical line)', large: 'σ_w² = 3' },
    measured: '‖δ_1‖ / ‖δ_L‖ measured at σ_b² = 0.05: σ_w² = 1 gives {xavier}, σ_w² ≈ 1.76 gives {critical}, σ_w² = 3 gives {large}.',
    explain:
      'With biases, tanh’s critical σ_w² is not 1: the biases push the pre-activations into the curved part of tanh, where its slope is below 1, and the weights must be larger to make up. Measured and predicted agree: level at the critical line, vanishing to its left, exploding to its right. Initialising on the edge of chaos is what lets very deep plain networks train at all.',
  },
  overfitting: {
    title: 'Overfitting, and how to avoid it',
    body: [
      'A loss that goes to zero is not the goal; predicting data the network has not seen is. With few examples and many parameters, a network can memorise the training set, noise included: the training loss falls toward zero while the loss on held-out examples rises.',
      'Run A is a wide 3-layer net (256 units per layer) trained with Adam on 48 noisy points, half of the dataset held out. Run B is the same with weight decay 0.05, which pulls every weight toward zero and so favours smooth functions.',
    ],
    formulas: ['Overfitting: the training loss falls while the held-out loss rises.', 'Weight decay as a penalty on the weights’ size.'],
    symbols: {
      loss: 'The training loss: the bold curves of the loss chart.',
      testLoss: 'The held-out loss: the thin curves with markers, measured every 10 steps.',
    },
    look: 'The loss chart: training (bold) and held out (thin, with markers), for A and B.',
    question: 'After 200 steps, which run has the lower held-out loss?',
    options: { a: 'A (no decay): its training loss is lower', b: 'B (weight decay)' },
    measured: 'After 200 steps, training / held-out loss: A {trainA} / {testA}, B {trainB} / {testB}.',
    explain:
      'A fits the training points almost exactly and its held-out loss is many times B’s: it has learned the noise. Weight decay keeps B’s function simpler, at the cost of a higher training loss. Other remedies: more data, a smaller network, stopping early (when the held-out loss stops falling), dropout and data augmentation.',
  },
  faq: {
    title: 'Questions often asked',
    body: [
      'A few questions that come up in class, with what the lab can show about each. The run beside this text is the lab’s default network: 20 ReLU layers, He initialisation, SGD.',
    ],
    formulas: ['The global gradient norm: what clipping by norm measures.', 'Why He initialisation keeps a ReLU net level.'],
    symbols: {
      grad: '‖g‖: the global gradient norm chart.',
      chi: 'χ: the slope of the gradient flow chart’s theory line.',
    },
    look: 'The gradient flow chart, and the health banner above the charts.',
    question: 'Will the default network train for 100 steps without a warning?',
    options: { yes: 'Yes, healthy all the way', no: 'No, a warning appears' },
    measured: 'At step 0, ‖δ_1‖ / ‖δ_L‖ = {ratio}; mean loss over steps 90–99: {loss}.',
    explain:
      'The default is a network built to be healthy: He initialisation keeps χ = 1, so its flow is level, and a learning rate of 0.01 is far from the limit of chapter 5. Change one thing at a time (the gain, the depth, the activation) and watch which one breaks it.',
    faq: [
      {
        q: 'Is an exploding gradient the same as a diverging loss?',
        a: 'No. Exploding means the gradient grows by orders of magnitude from the last layer to the first at this step; the loss can still be finite. A loss diverges (becomes infinite or NaN) when steps made from such gradients, or from a learning rate too large, throw the weights off. The lab says which of the two it sees.',
      },
      {
        q: 'Why not just use a tiny learning rate?',
        a: 'With vanishing or exploding gradients, the layers need steps of very different sizes. A learning rate small enough for the exploding layers leaves the others still; one large enough for the vanishing layers blows up the others. The fix is to make the gradients level (initialisation, normalisation, residual connections) or to scale each parameter’s step (Adam, RMSprop).',
      },
      {
        q: 'Does clipping by norm change the direction of the gradient?',
        a: 'No: it shrinks the whole vector by one factor. Clipping by value caps each component separately and so does change the direction.',
      },
      {
        q: 'Do ReLU networks not vanish?',
        a: 'ReLU’s slope is 1 where it is on, so it does not saturate like sigmoid; but the weights’ scale still decides. Too small an initialisation vanishes (chapter 7’s Xavier run), and dead units (always off) pass no gradient at all.',
      },
      {
        q: 'Are these results the same on every computer?',
        a: 'The same link gives the same initial weights and data everywhere (the seed is in it). Float arithmetic differs a little between the WebGL, WebAssembly and CPU backends, so long runs can drift apart in their last digits; the verdicts of these chapters do not depend on that.',
      },
    ],
  },
};
