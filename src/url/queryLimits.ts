// What the codec reads of a link, and lesson text as plain text: the caps on a query
// (each key=value pair, and the whole), said in warnings, and the cleaning of a lesson
// (control characters, bidirectional overrides).

import { note } from './notes';

/** A raw value in a warning: quoted, at most 24 characters of it. */
export const quoted = (raw: string) => JSON.stringify(raw.length > 24 ? `${raw.slice(0, 24)}…` : raw);

/** The most of a query string the codec reads (in whole key=value pairs); the rest is left out, and said. */
export const MAX_QUERY_LENGTH = 8192;
/** The most of one key=value pair it reads (a 280-character lesson needs at most ~3.4 KB encoded). */
export const MAX_PAIR_LENGTH = 4096;
/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, marks): shown
 * in a lesson, an override reverses the text after it. Removed from lesson text.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/**
 * Lesson text as plain text on one line: control characters become spaces, and the
 * bidirectional formatting characters are removed.
 */
export function cleanLesson(raw: string): string {
  return Array.from(raw.replace(BIDI_CONTROLS, ''), (ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch))
    .join('')
    .trim();
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

/** A query cut to what the codec reads: each pair to MAX_PAIR_LENGTH, all of them to MAX_QUERY_LENGTH. */
export function capQuery(search: string, warnings: string[]): string {
  const kept: string[] = [];
  let total = 0;
  let left = 0;
  for (const pair of search.split('&')) {
    if (total >= MAX_QUERY_LENGTH) {
      left++;
      continue;
    }
    let read = pair;
    if (pair.length > MAX_PAIR_LENGTH) {
      const key = pair.split('=', 1)[0].replace(/^\?/, '');
      note(warnings, 'pairLong', { key: quoted(key), size: kb(pair.length), max: kb(MAX_PAIR_LENGTH) });
      read = pair.slice(0, MAX_PAIR_LENGTH);
    }
    kept.push(read);
    total += read.length + 1;
  }
  if (left > 0) note(warnings, 'queryLong', { size: kb(search.length), max: kb(MAX_QUERY_LENGTH), left: String(left) });
  return kept.join('&');
}
