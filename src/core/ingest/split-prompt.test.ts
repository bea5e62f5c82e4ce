import { describe, expect, it } from 'vitest';
import { splitTranscript } from './split.ts';

describe('transcript split: a prompt with no command', () => {
  it('at the end of a paste, with nothing after it, is named (it opens no block)', () => {
    const r = splitTranscript(['vagrant@node-01:~$ ip route', 'default via 10.0.2.2 dev enp0s3', 'vagrant@node:01:~$'].join('\n'));
    expect(r.blocks).toHaveLength(1);
    expect(r.notes).toEqual([{ line: 3, kind: 'ignored', message: 'a shell prompt with no command and no output' }]);
  });
  it('followed by output, opens the block of that output and is no note', () => {
    const r = splitTranscript(['vagrant@node-01:~$', 'default via 10.0.2.2 dev enp0s3'].join('\n'));
    expect(r.blocks).toHaveLength(1);
    expect(r.notes).toEqual([]);
  });
});
