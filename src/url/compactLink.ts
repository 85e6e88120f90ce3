// The shortest link that opens the same run: a QR code of a shorter link has fewer,
// larger modules, so it scans from further back. Every key whose absence decodes to the
// same runs, view and backend is left out (the decoder itself is the judge, so a family's
// own defaults, the RNN's for model=rnn, are respected).
import { decodeUrl } from './presetCodec';

const same = (a: ReturnType<typeof decodeUrl>, b: ReturnType<typeof decodeUrl>) =>
  JSON.stringify([a.config, a.variants, a.view, a.backend]) === JSON.stringify([b.config, b.variants, b.view, b.backend]);

/** Kept whatever their value: the format's version, and the language (without it the phone's own would decide). */
const KEPT = new Set(['v', 'lang']);

/** `query` without the keys it does not need, the rest in their order. */
export function compactQuery(query: string): string {
  const full = decodeUrl(query);
  const entries = [...new URLSearchParams(query.replace(/^\?/, '')).entries()];
  const dropped = new Set<number>();
  const without = (extra: number) => new URLSearchParams(entries.filter((_, i) => i !== extra && !dropped.has(i))).toString();
  entries.forEach(([key], i) => {
    if (!KEPT.has(key) && same(decodeUrl(without(i)), full)) dropped.add(i);
  });
  return without(-1).replace(/%2C/g, ',');
}
