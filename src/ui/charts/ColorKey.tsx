// A colour named in a chart's explanation ("training loss (blue)"): a short stroke in the
// series' colour and dash before the word, the word itself in the text colour, so it reads
// on any background and the stroke, not the hue alone, says which line is meant.
import type { ReactNode } from 'react';

export function ColorKey({ color, dash, square, children }: { color: string; dash?: string; square?: boolean; children?: ReactNode }) {
  return (
    <span className="color-key">
      {square ? (
        <span className="color-key-square" style={{ background: color }} aria-hidden="true" />
      ) : (
        <svg width="20" height="8" aria-hidden="true">
          <line x1="1" y1="4" x2="19" y2="4" stroke={color} strokeWidth="3" strokeDasharray={dash} />
        </svg>
      )}
      {children}
    </span>
  );
}
