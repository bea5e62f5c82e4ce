/**
 * The strings of a step matcher: `/…/` is a regular expression; otherwise `*` and `?` are wildcards. A `whole`
 * pattern (a chain, an interface, a node) must match all of the value; a `part` pattern (a rule's text, a step's
 * detail) matches anywhere in it.
 */
export type Pattern = (value: string | null | undefined) => boolean;

const escape = (s: string): string => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

export function compilePattern(text: string, mode: 'whole' | 'part'): Pattern | { error: string } {
  if (text.length > 2 && text.startsWith('/') && text.endsWith('/')) {
    try {
      const re = new RegExp(text.slice(1, -1));
      return (v) => v != null && re.test(v);
    } catch (err) {
      return { error: `${text} is not a regular expression (${(err as Error).message}); read as plain text` };
    }
  }
  if (!/[*?]/.test(text)) return mode === 'whole' ? (v) => v === text : (v) => v != null && v.includes(text);
  const body = escape(text).replace(/\*/g, '.*').replace(/\?/g, '.');
  const re = new RegExp(mode === 'whole' ? `^${body}$` : body);
  return (v) => v != null && re.test(v);
}

/** The matcher used at play time: a pattern that failed to compile matches its text literally. */
export function pattern(text: string, mode: 'whole' | 'part'): Pattern {
  const p = compilePattern(text, mode);
  if (typeof p === 'function') return p;
  return mode === 'whole' ? (v) => v === text : (v) => v != null && v.includes(text);
}
