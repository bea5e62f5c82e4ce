/** The line accounting itself: what it takes as read that its word match alone missed. */
import { describe, expect, it } from 'vitest';
import { exercise } from './exercise.ts';
import { lostLines } from './account.ts';
import type { ParsedBlock } from '../ingest/ingest.ts';

const lostOf = (text: string) => exercise([{ path: 'paste 1', text }]).lost.map((l) => l.text.trim());

describe('line accounting', () => {
  it('a Key: value line whose value has no word is read when the records hold the field named after the key', () => {
    const set = ['Name: KUBE-CLUSTER-IP', 'Type: hash:ip,port', 'Revision: 7', 'Header: family inet hashsize 1024 maxelem 65536',
      'Size in memory: 5', 'References: 2', 'Number of entries: 0', 'Members:'].join('\n');
    expect(lostOf(`$ ipset list\n${set}\n`)).toEqual([]);
  });

  it('a line whose value has words is still judged by them', () => {
    const block = { file: 'p', kind: 'ipset', lines: { nos: [1, 2], texts: [] }, records: [{ name: 'X', sizeInMemory: 5 }] } as unknown as ParsedBlock;
    expect(lostLines('p', 'Size in memory: 5\nSize in memory: garbled words\n', [block], []).map((l) => l.line)).toEqual([2]);
  });

  it('a record computed on demand (an iptables rule) is read through what its toJSON gives', () => {
    class Lazy { toJSON() { return { target: 'KUBE-SVC-ABCDEF' }; } }
    const block = { file: 'p', kind: 'iptables-list', lines: { nos: [1], texts: [] }, records: [new Lazy()] } as unknown as ParsedBlock;
    expect(lostLines('p', '  KUBE-SVC-ABCDEF\n', [block], [])).toEqual([]);
  });
});
