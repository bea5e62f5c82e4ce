/** splitTranscript: what it says of the lines that are in no block. */
import { describe, expect, it } from 'vitest';
import { splitTranscript } from './split.ts';

describe('lines outside every block', () => {
  it('are one note per run of lines that are the same thing, blank lines between included', () => {
    const prose = 'This is what I saw on the node after the upgrade, and it is not what I expected at all.';
    const text = [prose, prose, '', prose, '$ ip route', 'default via 10.0.0.1 dev eth0', '', '#capture taken at 10:02', '#and again at 10:05', prose].join('\n');
    const { blocks, notes } = splitTranscript(text);
    expect(blocks).toHaveLength(1);
    expect(notes).toEqual([
      { line: 1, to: 4, kind: 'ignored', message: 'prose' },
      { line: 8, to: 9, kind: 'ignored', message: 'comment' },
      { line: 10, kind: 'ignored', message: 'prose' },
    ]);
  });

  it('a block between two runs of prose keeps them apart', () => {
    const prose = 'Then I ran the command below and waited for the output to come back from the node.';
    const { notes } = splitTranscript([prose, '$ ip route', 'default via 10.0.0.1 dev eth0', prose].join('\n'));
    expect(notes.map((n) => [n.line, n.to])).toEqual([[1, undefined], [4, undefined]]);
  });
});
