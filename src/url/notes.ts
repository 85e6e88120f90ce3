// The corrections a link needed, as codes and parameters (worded by the page in its
// language, src/i18n urlw.*) and as English text (what decodeUrl's `warnings` list, the
// tests and the logs read). `Notes` is a string array, so code that only pushes text
// still works; `note()` pushes a coded one.
import { en } from '../i18n/en';
import { type Lang, type MessageKey, t } from '../i18n/i18n';

export type NoteParams = Record<string, string>;
export interface UrlNote {
  /** A catalogue key's last part (urlw.<code>); 'text' for a note given as text alone. */
  code: string;
  params: NoteParams;
}

export class Notes extends Array<string> {
  declare readonly items: UrlNote[];
  constructor(...texts: string[]) {
    super(...texts);
    // Not enumerable: a Notes compares as the plain list of its texts.
    Object.defineProperty(this, 'items', { value: [], enumerable: false });
  }
  override push(...texts: string[]): number {
    for (const text of texts) this.items.push({ code: 'text', params: { text } });
    return super.push(...texts);
  }
  add(code: string, params: NoteParams): void {
    this.items.push({ code, params });
    super.push(wordNote({ code, params }, 'en'));
  }
  // Array methods that build new arrays (map, filter, slice) make plain arrays.
  static override get [Symbol.species]() {
    return Array;
  }
}

/** Pushes a coded note (a plain array gets its English text). */
export function note(warnings: string[], code: string, params: NoteParams = {}): void {
  if (warnings instanceof Notes) warnings.add(code, params);
  else warnings.push(wordNote({ code, params }, 'en'));
}

/** A note in a language: its message with the parameters filled ("what" names whose value to use). */
export function wordNote(n: UrlNote, lang: Lang): string {
  if (n.code === 'text') return n.params.text ?? '';
  const key = `urlw.${n.code}` as MessageKey;
  if (!(key in en)) return Object.values(n.params).join(' ');
  const params: NoteParams = { ...n.params };
  if (params.what) params.what = t(lang, `urlw.what.${params.what}` as MessageKey);
  return t(lang, key, params);
}
