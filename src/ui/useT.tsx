// The page's language and its messages, for components: `const t = useT(); t('phase.title')`.
import { Fragment, type ReactNode, useCallback } from 'react';
import { type Lang, type MessageKey, type Params, t as translate } from '../i18n/i18n';
import { useStore } from '../store/store';

export const useLang = (): Lang => useStore((s) => s.view.lang);

export type Translate = (key: MessageKey, params?: Params) => string;

export function useT(): Translate {
  const lang = useLang();
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}

/**
 * A message whose {placeholders} are React nodes (a coloured word, a symbol): the text
 * between them stays text. Placeholders with no node are left as they are.
 */
export function richText(text: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return text.split(/(\{\w+\})/).map((part, i) => {
    const m = /^\{(\w+)\}$/.exec(part);
    const node = m ? nodes[m[1]] : undefined;
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed message, in order
    return node !== undefined ? <Fragment key={i}>{node}</Fragment> : part;
  });
}
