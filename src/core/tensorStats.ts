// A kernel of our own for the backends that keep tensors in main memory (cpu, wasm): for
// each of its input tensors, whatever their shapes, the norm (square root of the sum of
// squares) and, where asked, the sum or the largest |x|, in one pass over the tensor's
// memory and one op. With tfjs's own ops the
// same numbers cost a concatenation, a square and a reduction per statistic (over twenty
// ops per step, each with a few microseconds of bookkeeping, and copies); this is one.
// The sums are accumulated in float64 and the norm is returned rather than its square,
// so nothing overflows where the float32 sums of squares of the op path do (see
// scaledRowNorms).
//
// The WebGL backend keeps tensors in GPU textures: there the trainer uses the op path
// (gradStats.ts), which stays on the GPU until the single read-back.

import * as tf from '@tensorflow/tfjs-core';

const TENSOR_STATS = 'GradscopeTensorStats';
/** Columns of the kernel's output, one row per input tensor. */
export const NORM = 0;
export const SUM = 1;
export const MAX_ABS = 2;
const COLUMNS = 3;

type TensorInfo = tf.TensorInfo;

/** Input names x0, x1, ... made once (a step passes dozens of tensors). */
const inputNames: string[] = [];
const inputName = (i: number) => {
  for (let k = inputNames.length; k <= i; k++) inputNames.push(`x${k}`);
  return inputNames[i];
};

/** The two backends' ways into their memory (duck-typed: no backend package is imported). */
interface WasmLike {
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}
interface CpuLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

const isWasm = (b: unknown): b is WasmLike =>
  typeof (b as WasmLike).typedArrayFromHeap === 'function' && typeof (b as WasmLike).makeOutput === 'function';
const isCpu = (b: unknown): b is CpuLike => typeof (b as CpuLike).makeTensorInfo === 'function' && typeof (b as CpuLike).data?.get === 'function';

function valuesOf(backend: WasmLike | CpuLike, info: TensorInfo): ArrayLike<number> {
  if (isWasm(backend)) return backend.typedArrayFromHeap(info);
  const values = backend.data.get(info.dataId)?.values;
  if (!(values instanceof Float32Array)) throw new Error(`${TENSOR_STATS}: float32 input expected`);
  return values;
}

/** What to measure of a tensor besides its norm: nothing, its sum, or its max |x|. */
export type StatKind = 'norm' | 'sum' | 'max';
const KIND_CODES: Record<StatKind, string> = { norm: 'n', sum: 's', max: 'm' };

// One loop per kind, four accumulators each (independent additions pipeline): the
// plain norm costs ~0.5 ns per value in V8, the others about twice that.
function sumSquares(x: ArrayLike<number>): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = x.length;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const a = x[k];
    const b = x[k + 1];
    const c = x[k + 2];
    const d = x[k + 3];
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; k < n; k++) s0 += x[k] * x[k];
  return s0 + s1 + s2 + s3;
}

/** The second result of the two functions below (a module variable: no tuple per call). */
let second = 0;

/** Returns the sum of squares; the sum is left in `second`. */
function sumSquaresAndSum(x: ArrayLike<number>): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t0 = 0;
  let t1 = 0;
  const n = x.length;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const a = x[k];
    const b = x[k + 1];
    const c = x[k + 2];
    const d = x[k + 3];
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
    t0 += a + b;
    t1 += c + d;
  }
  for (; k < n; k++) {
    s0 += x[k] * x[k];
    t0 += x[k];
  }
  second = t0 + t1;
  return s0 + s1 + s2 + s3;
}

/** Returns the sum of squares; the largest square is left in `second` (Math.max lets a NaN through). */
function sumSquaresAndMax(x: ArrayLike<number>): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let m0 = 0;
  let m1 = 0;
  const n = x.length;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const a = x[k] * x[k];
    const b = x[k + 1] * x[k + 1];
    const c = x[k + 2] * x[k + 2];
    const d = x[k + 3] * x[k + 3];
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    m0 = Math.max(m0, a, b);
    m1 = Math.max(m1, c, d);
  }
  for (; k < n; k++) {
    const q = x[k] * x[k];
    s0 += q;
    m0 = Math.max(m0, q);
  }
  second = Math.max(m0, m1);
  return s0 + s1 + s2 + s3;
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  if (!isWasm(backend) && !isCpu(backend)) throw new Error(`${TENSOR_STATS}: unsupported backend`);
  const kinds = String((attrs as { kinds?: string }).kinds ?? '');
  const n = kinds.length;
  // The output first, then the inputs' views: allocating on a growing wasm heap would
  // detach views taken before.
  let result: TensorInfo;
  let out: Float32Array;
  if (isWasm(backend)) {
    result = backend.makeOutput([n, COLUMNS], 'float32');
    out = backend.typedArrayFromHeap(result);
    out.fill(0);
  } else {
    out = new Float32Array(n * COLUMNS);
    result = backend.makeTensorInfo([n, COLUMNS], 'float32', out);
  }
  for (let i = 0; i < n; i++) {
    const info = inputs[inputName(i)] as TensorInfo;
    if (info.dtype !== 'float32') throw new Error(`${TENSOR_STATS}: float32 input expected, got ${info.dtype}`);
    const values = valuesOf(backend, info);
    let sumSq: number;
    switch (kinds[i]) {
      case KIND_CODES.sum:
        sumSq = sumSquaresAndSum(values);
        out[i * COLUMNS + SUM] = second;
        break;
      case KIND_CODES.max:
        sumSq = sumSquaresAndMax(values);
        out[i * COLUMNS + MAX_ABS] = Math.sqrt(second);
        break;
      default:
        sumSq = sumSquares(values);
    }
    out[i * COLUMNS + NORM] = Math.sqrt(sumSq);
  }
  return result;
};

const UNIT_SUMS = 'GradscopeUnitSums';

/**
 * Per-unit batch sums for the saturation count: for each [B, W] input, the sum over the
 * batch of each unit's value (of max(x, 0) with `positive`), then, with `squares` (and
 * not `positive`), of its square: output [n, 2, W] (the squares' half 0 when not asked
 * for).
 */
const unitSumsFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  if (!isWasm(backend) && !isCpu(backend)) throw new Error(`${UNIT_SUMS}: unsupported backend`);
  const { squares, positive } = attrs as unknown as { squares: boolean; positive: boolean };
  const n = Object.keys(inputs).length;
  const [batch, width] = (inputs.x0 as TensorInfo).shape;
  let result: TensorInfo;
  let out: Float32Array;
  if (isWasm(backend)) {
    result = backend.makeOutput([n, 2, width], 'float32');
    out = backend.typedArrayFromHeap(result);
    out.fill(0);
  } else {
    out = new Float32Array(n * 2 * width);
    result = backend.makeTensorInfo([n, 2, width], 'float32', out);
  }
  const sums = new Float64Array(width);
  const sumSquares = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    const values = valuesOf(backend, inputs[inputName(i)] as TensorInfo);
    sums.fill(0);
    sumSquares.fill(0);
    // One loop per case, no branch inside.
    for (let b = 0; b < batch; b++) {
      const row = b * width;
      if (positive) for (let j = 0; j < width; j++) sums[j] += Math.max(0, values[row + j]);
      else if (squares) {
        for (let j = 0; j < width; j++) {
          const v = values[row + j];
          sums[j] += v;
          sumSquares[j] += v * v;
        }
      } else for (let j = 0; j < width; j++) sums[j] += values[row + j];
    }
    out.set(sums, i * 2 * width);
    if (squares) out.set(sumSquares, i * 2 * width + width);
  }
  return result;
};

for (const backendName of ['cpu', 'wasm']) {
  if (!tf.getKernel(TENSOR_STATS, backendName)) tf.registerKernel({ kernelName: TENSOR_STATS, backendName, kernelFunc });
  if (!tf.getKernel(UNIT_SUMS, backendName)) tf.registerKernel({ kernelName: UNIT_SUMS, backendName, kernelFunc: unitSumsFunc });
}

/** Whether the current backend has the kernel (cpu and wasm do). */
export function hasTensorStats(): boolean {
  return tf.getKernel(TENSOR_STATS, tf.getBackend()) !== undefined;
}

/**
 * [tensors.length, 3]: each tensor's norm, and its sum or max |x| where `kinds` asks
 * for them (columns NORM, SUM, MAX_ABS; 0 where not asked), as float32 from float64
 * accumulators. A tensor in a tidy scope, like any op's.
 */
export function tensorStats(tensors: readonly tf.Tensor[], kinds: readonly StatKind[] = []): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = {};
  let codes = '';
  for (let i = 0; i < tensors.length; i++) {
    inputs[inputName(i)] = tensors[i];
    codes += KIND_CODES[kinds[i] ?? 'norm'];
  }
  return tf.engine().runKernel(TENSOR_STATS, inputs, { kinds: codes } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * [tensors.length, 2, W] per-unit batch sums of [B, W] tensors (see unitSumsFunc): of the
 * values, or of their positive parts, and with `squares` of their squares.
 */
export function unitSums(tensors: readonly tf.Tensor[], options: { squares: boolean; positive: boolean }): tf.Tensor3D {
  const inputs: tf.NamedTensorMap = {};
  for (let i = 0; i < tensors.length; i++) inputs[inputName(i)] = tensors[i];
  return tf.engine().runKernel(UNIT_SUMS, inputs, options as unknown as tf.NamedAttrMap) as tf.Tensor3D;
}

/**
 * The values of a float32 tensor on the cpu or wasm backend, read in place (no copy, no
 * await): valid until the tensor is disposed or the next op runs. For the one read-back
 * per step on the backends this file's kernels serve.
 */
export function readInPlace(tensor: tf.Tensor): Float32Array {
  const backend = tf.engine().backend as unknown;
  if (!isWasm(backend) && !isCpu(backend)) throw new Error('readInPlace: cpu or wasm backend expected');
  const values = valuesOf(backend, { dataId: tensor.dataId, shape: tensor.shape, dtype: tensor.dtype });
  if (!(values instanceof Float32Array)) throw new Error('readInPlace: float32 expected');
  return values;
}
