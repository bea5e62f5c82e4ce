/**
 * What web pages do to pasted terminal text, undone line by line before splitting: HTML emphasis around
 * cells (`<b>10.0.0.1</b>`), Markdown bold around a value (`**10.244.1.5**`, an author's highlight in an ipset's
 * members), copy-button labels glued to a prompt (`sql复制代码[root@master ~]# …`), arrow marker lines (`↓` / `↑`),
 * non-breaking spaces, smart quotes in commands.
 */

const TAGS = /<\/?(b|i|em|strong|span|code|font|u|mark|pre|kbd|samp|br)(\s[^>]*)?\/?>/gi;
const HAS_TAG = new RegExp(TAGS.source, 'i');
const COPY_BUTTON = /^[A-Za-z+#]*复制代码/;
const MARKERS = /^\s*[↓↑⬇⬆]+\s*$/;
/** `**value**` around one word (an address, a set's name, a field label): Markdown bold an author put on output. */
const BOLD_VALUE = /(^|[\s,(])\*\*([^\s*][^\s*]*?)\*\*(?=$|[\s,)])/g;
const HAS_BOLD = /\*\*[^\s*]/;

export interface CleanLine {
  text: string;
  /** What was removed, for the warning that names it. */
  removed?: string;
}

export function cleanLine(raw: string): CleanLine {
  let text = raw.replace(/\u00a0/g, ' ').replace(/\r$/, '');
  const removed: string[] = [];
  if (MARKERS.test(text)) return { text: '', removed: 'arrow marker line' };
  if (COPY_BUTTON.test(text)) { text = text.replace(COPY_BUTTON, ''); removed.push('copy-button label'); }
  if (HAS_TAG.test(text)) {
    text = text.replace(TAGS, '');
    removed.push('HTML tags');
  }
  if (HAS_BOLD.test(text)) {
    const unbolded = text.replace(BOLD_VALUE, (_all, lead: string, word: string) => `${lead}${word}`);
    if (unbolded !== text) { text = unbolded; removed.push('Markdown bold'); }
  }
  return removed.length ? { text, removed: removed.join(', ') } : { text };
}
