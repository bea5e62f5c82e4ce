/** Whether a dropped, picked or pasted text is a walk file (README "Walks") rather than a dump to analyse. */
const WALK_NAME = /\.walk\.ya?ml$/i;
/** The format line, `walk: 1`, as the first line that is not a comment or blank (or after a `---`). */
const WALK_HEAD = /^(?:(?:\s*#.*|\s*|---\s*)\n)*walk:\s*\d+\s*(?:#.*)?$/m;

export function isWalkFile(name: string, text?: string): boolean {
  if (WALK_NAME.test(name)) return true;
  if (text === undefined) return false;
  const head = text.slice(0, 4096).replace(/\r\n?/g, '\n');
  const m = WALK_HEAD.exec(head);
  return !!m && m.index === 0;
}
