// KaTeX's settings for the lessons: \htmlData is trusted (and only it), so a formula's
// symbols can carry data-sym="<id>" for the charts to answer to.
import type { KatexOptions } from 'katex';

export const KATEX_OPTIONS: KatexOptions = {
  trust: (context) => context.command === '\\htmlData',
  strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'warn'),
  output: 'htmlAndMathml',
};
