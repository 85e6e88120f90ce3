// A backend that fell back says why in the page's language, tfjs's own message kept as it came.
import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../protocol';
import { failureText } from '../protocol';
import { fallbackWords } from './Header';

const info = (fallbacks: BackendInfo['fallbacks']): BackendInfo => ({
  backend: 'cpu',
  renderer: null,
  float32: true,
  fallbackReason: fallbacks.map(failureText).join('; '),
  fallbacks,
  choiceReason: null,
});

describe('backend fallback words', () => {
  it('says each failure in English and in Chinese, in order', () => {
    const i = info([
      { backend: 'webgl', code: 'threw', detail: 'WebGL is not supported on this device' },
      { backend: 'wasm', code: 'wasmTimeout', seconds: 0.3 },
    ]);
    expect(i.fallbackReason).toBe('webgl failed: WebGL is not supported on this device; the wasm files did not arrive within 300 ms');
    expect(fallbackWords(i, 'en')).toBe('WebGL failed: WebGL is not supported on this device; the wasm files did not arrive within 300 ms');
    expect(fallbackWords(i, 'zh-CN')).toBe('WebGL 启动失败：WebGL is not supported on this device；wasm 文件未能在 300 毫秒内下载完成');
    expect(fallbackWords(info([{ backend: null, code: 'workerSilent', seconds: 20 }]), 'zh-CN')).toBe('训练 Worker 在 20 秒后仍未启动任何后端');
  });

  it('has nothing to say without a fallback, and words an older worker’s English as it came', () => {
    expect(fallbackWords(info([]), 'zh-CN')).toBeNull();
    expect(fallbackWords({ ...info([]), fallbackReason: 'webgl failed' }, 'zh-CN')).toBe('webgl failed');
  });
});
