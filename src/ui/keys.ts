// Keyboard helpers shared by the page's shortcuts and its pop-ups.
import { useCallback, useEffect, useRef, useState } from 'react';

/** The key went to a text field, a select or an editable element (a shortcut must not take it). */
export const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

/** While `open`, Escape calls `close` (wherever focus is). */
export function useEscapeCloses(open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);
}

/**
 * A header button's pop-up (the preset gallery, the chart picker, the QR code): whether it
 * is open, the button's ref, and `close`, which shuts it and gives focus back to the
 * button; Escape closes it too.
 */
export function usePopup() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);
  useEscapeCloses(open, close);
  return { open, setOpen, button, close };
}
