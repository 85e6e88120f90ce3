// "Show code": the selected run as a short program in TensorFlow.js, PyTorch or Keras
// (src/code/codegen.ts, loaded when the dialog first opens), with copy and download.
import { useRef, useState } from 'react';
import { CODE_FILENAMES, CODE_LANGUAGES, CODE_STEPS, type CodeLanguage } from '../code/languages';
import { useShallow } from 'zustand/react/shallow';
import { selectedConfig, useStore } from '../store/store';
import { downloadBlob } from './download';
import { useT } from './useT';

const LANGUAGE_NAMES: Record<CodeLanguage, string> = { tfjs: 'TensorFlow.js', pytorch: 'PyTorch', keras: 'Keras' };

export function ShowCodeButton() {
  const t = useT();
  const dialog = useRef<HTMLDialogElement | null>(null);
  const [language, setLanguage] = useState<CodeLanguage>('tfjs');
  const [copied, setCopied] = useState(false);
  const [open, setOpen] = useState(false);
  // A variant's config is built afresh on every read: compare it field by field, or every store change re-renders.
  const config = useStore(useShallow((s) => selectedConfig(s)));
  const [codegen, setCodegen] = useState<typeof import('../code/codegen') | null>(null);
  const code = open && codegen && config.model === 'mlp' ? codegen.programFor(config, language) : '';
  const show = () => {
    if (!codegen) void import('../code/codegen').then(setCodegen);
    setOpen(true);
    setCopied(false);
    dialog.current?.showModal();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <button type="button" onClick={show} title={t('code.button.hint')} data-testid="show-code">
        {t('code.button')}
      </button>
      <dialog ref={dialog} className="code-dialog" aria-labelledby="code-title" onClose={() => setOpen(false)} data-testid="code-dialog">
        <div className="code-head">
          <h2 id="code-title">{t('code.title')}</h2>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('code.close')}
          </button>
        </div>
        {config.model !== 'mlp' ? (
          <p className="notice">{t('code.rnn')}</p>
        ) : (
          <>
            <p className="hint">{t('code.intro', { steps: CODE_STEPS })}</p>
            <div className="segmented">
              {CODE_LANGUAGES.map((l) => (
                <button
                  key={l}
                  type="button"
                  aria-pressed={l === language}
                  onClick={() => {
                    setLanguage(l);
                    setCopied(false);
                  }}
                  data-testid={`code-${l}`}
                >
                  {LANGUAGE_NAMES[l]}
                </button>
              ))}
            </div>
            <pre
              className="code-text"
              data-testid="code-text"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so the keyboard can scroll it
              tabIndex={0}
            >
              <code>{code}</code>
            </pre>
            <div className="code-actions">
              <button type="button" onClick={() => void copy()} data-testid="code-copy">
                {t(copied ? 'code.copied' : 'code.copy')}
              </button>
              <button type="button" onClick={() => downloadBlob(new Blob([code], { type: 'text/plain' }), CODE_FILENAMES[language])}>
                {t('code.download', { file: CODE_FILENAMES[language] })}
              </button>
            </div>
          </>
        )}
      </dialog>
    </>
  );
}
