// A QR code of the current run's link, for a room to open the run the teacher shows on
// their phones: the shortest link to the same run (url/compactLink.ts), drawn large as SVG
// modules. The encoder (uqr) loads when the code is first shown. Key q opens and closes it.
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/store';
import { compactShareUrl } from '../url/urlSync';
import { isTyping, usePopup } from './keys';
import { useT } from './useT';

export function QrButton() {
  const { open, setOpen, button, close } = usePopup();
  const t = useT();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && e.key === 'q') setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);
  return (
    <>
      <button ref={button} type="button" data-testid="qr-button" aria-expanded={open} aria-controls="qr-dialog" title={t('qr.hint')} onClick={() => setOpen(!open)}>
        {t('qr.button')}
      </button>
      {open && (
        <QrDialog onClose={close} />
      )}
    </>
  );
}

/** The link of what is on screen, kept current while the dialog is open. */
function useCompactLink(): string {
  const [link, setLink] = useState(compactShareUrl);
  useEffect(
    () =>
      useStore.subscribe((s, p) => {
        if (s.config !== p.config || s.variants !== p.variants || s.view !== p.view || s.wantsRunning !== p.wantsRunning) setLink(compactShareUrl());
      }),
    [],
  );
  return link;
}

type Encode = typeof import('uqr').encode;

function QrDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const link = useCompactLink();
  const [encode, setEncode] = useState<Encode | null>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  useEffect(() => {
    let live = true;
    void import('uqr').then((m) => live && setEncode(() => m.encode));
    return () => {
      live = false;
    };
  }, []);
  const qr = encode ? encode(link, { ecc: 'M', border: 4 }) : null;
  const path = qr
    ? qr.data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : []))).join('')
    : '';
  return (
    <div id="qr-dialog" className="qr-dialog" role="dialog" aria-label={t('qr.label')} data-testid="qr-dialog">
      <figure className="qr-figure">
        {qr ? (
          <svg viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={t('qr.label')} data-testid="qr-code" data-link={link} shapeRendering="crispEdges">
            <rect width={qr.size} height={qr.size} fill="#fff" />
            <path d={path} fill="#000" />
          </svg>
        ) : (
          <p role="status">{t('qr.loading')}</p>
        )}
        <figcaption>
          {t('qr.caption')}
          <span className="qr-link">{link}</span>
        </figcaption>
      </figure>
      <button ref={close} type="button" className="small" onClick={onClose}>
        {t('qr.close')}
      </button>
    </div>
  );
}
