// Lesson text with $inline TeX$ typeset by KaTeX (with the lessons' settings, src/lessons/katexOptions.ts).
import katex from 'katex';
import { useMemo } from 'react';
import { KATEX_OPTIONS } from '../../lessons/katexOptions';

export const tex = (source: string, displayMode: boolean) => katex.renderToString(source, { ...KATEX_OPTIONS, displayMode, throwOnError: false });

/** Text with $inline TeX$ typeset. */
export function Rich({ text }: { text: string }) {
  const parts = useMemo(() => text.split(/\$([^$]+)\$/), [text]);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's output for our own TeX, \htmlData the only trusted command
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
          <span key={i} className="guide-math" dangerouslySetInnerHTML={{ __html: tex(part, false) }} />
        ) : (
          part
        ),
      )}
    </>
  );
}

