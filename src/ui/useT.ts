// The page's language and its messages, for components: `const t = useT(); t('phase.title')`.
import { useCallback } from 'react';
import { type Lang, type MessageKey, type Params, t as translate } from '../i18n/i18n';
import { useStore } from '../store/store';

export const useLang = (): Lang => useStore((s) => s.view.lang);

export type Translate = (key: MessageKey, params?: Params) => string;

export function useT(): Translate {
  const lang = useLang();
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}
