/** The walk file parser: what a trainer writes, what a broken file still yields, and that it never throws. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWalk } from './parse.ts';
import type { WalkFlow, WalkTalk } from './types.ts';

const GOOD = `walk: 1
id: my-walk
title: A trainer's walk
summary: One flow and a talk.
minutes: 5
goals:
  - the first goal
scenario: azure-cni-calico
flows:
  - id: first
    from: default/kuard-vnode
    to: 10.13.76.19:8080
    expect: { verdict: dropped, by: "cali-tw-*" }
    as: { node-1: azure-cni-bridge+none }
    notes:
      - at: { kind: netfilter, chain: "cali-tw-*", rule: "/Drop if no (policies|profiles)/", index: 8 }
        text: |
          It dies here.
        evidence: ["k label ns/kube-system", { find: route -nv, input: seed-001.txt }]
    checkpoints:
      - at: { kind: drop }
        predict: verdict
  - talk: A point without a trace
    text: Just words.
    questions:
      - ask: Which?
        choices: [a, b]
        answer: b
questions:
  - Why?
`;

describe('parseWalk', () => {
  it('reads a walk a trainer writes, with every line remembered', () => {
    const { walk, messages } = parseWalk(GOOD, { file: 'my.walk.yaml', scenarios: ['azure-cni-calico'] });
    expect(messages).toEqual([]);
    expect(walk).toMatchObject({ format: 1, id: 'my-walk', title: "A trainer's walk", minutes: 5, goals: ['the first goal'], scenario: 'azure-cni-calico' });
    const flow = walk.parts[0] as WalkFlow;
    expect(flow).toMatchObject({ type: 'flow', id: 'first', from: 'default/kuard-vnode', to: '10.13.76.19:8080', line: 10,
      expect: { verdict: 'dropped', by: 'cali-tw-*' }, as: { 'node-1': 'azure-cni-bridge+none' } });
    expect(flow.notes[0]).toMatchObject({ text: 'It dies here.', line: 16,
      at: { kind: 'netfilter', chain: 'cali-tw-*', rule: '/Drop if no (policies|profiles)/', index: 8, line: 16 },
      evidence: [{ find: 'k label ns/kube-system' }, { find: 'route -nv', input: 'seed-001.txt' }] });
    expect(flow.checkpoints[0]).toMatchObject({ id: 'first-checkpoint-1', predict: 'verdict', at: { kind: 'drop' } });
    const talk = walk.parts[1] as WalkTalk;
    expect(talk).toMatchObject({ type: 'talk', title: 'A point without a trace', text: 'Just words.', questions: [{ ask: 'Which?', choices: ['a', 'b'], answer: 'b' }] });
    expect(walk.questions).toEqual([{ id: 'question-1', ask: 'Why?', line: 30 }]);
  });

  it('gives a broken file messages with line numbers and keeps everything it could read', () => {
    const broken = `walk: 1
id: broken walk
title: Half right
colour: blue
scenario: nope
flows:
  - id: one
    from: default/a
    port: eighty
    proto: tpc
    as: { node-1: bridge+none }
    expect: sideways
    notes:
      - at: { chain: "/[unclosed/" }
        text: kept although its pattern is bad
      - at: {}
        text: names nothing
      - text: no at
  - id: two
    from: default/a
    to: default/b
    checkpoints:
      - at: { kind: deliver }
        choices: [x, y]
        answer: z
  - id: two
    from: default/c
    to: default/d
questions:
  - ask: [not, text]
  - ask: fine
`;
    const { walk, messages } = parseWalk(broken, { file: 'broken.walk.yaml', scenarios: ['azure-cni-calico'] });
    const at = (line: number): string[] => messages.filter((m) => m.line === line).map((m) => m.message);
    expect(at(2).join()).toMatch(/walk\.id "broken walk": use letters/);
    expect(at(4).join()).toMatch(/unknown key "colour"/);
    expect(at(5).join()).toMatch(/"nope" is not a built-in scenario \(azure-cni-calico\)/);
    expect(at(7).join()).toMatch(/needs to \(a pod, service or IP\)/);
    expect(at(9).join()).toMatch(/port: expected a whole number/);
    expect(at(10).join()).toMatch(/"tpc" is not one of tcp, udp, icmp, sctp/);
    expect(at(11).join()).toMatch(/"bridge" is not a plugin/);
    expect(at(12).join()).toMatch(/"sideways" is not one of delivered/);
    expect(at(14).join()).toMatch(/is not a regular expression/);
    expect(at(16).join()).toMatch(/names nothing to match/);
    expect(at(18).join()).toMatch(/needs "at"/);
    expect(at(25).join()).toMatch(/"z" is not one of its choices/);
    expect(at(26).join()).toMatch(/flow id "two" is used twice: this one is "two-2"/);
    expect(at(30).join()).toMatch(/ask: expected text, got a list/);
    expect(messages.every((m) => m.line > 0)).toBe(true);
    // what could be read is kept: the id falls back to the file's name, the broken flow stays with its good note
    expect(walk.id).toBe('broken');
    expect(walk.title).toBe('Half right');
    expect(walk.parts.map((p) => p.id)).toEqual(['one', 'two', 'two-2']);
    const one = walk.parts[0] as WalkFlow;
    expect(one).toMatchObject({ from: 'default/a', to: '', broken: 'needs to' });
    expect(one.notes.map((n) => n.text)).toEqual(['kept although its pattern is bad']);
    expect(one.port).toBeUndefined();
    expect(walk.questions.map((q) => q.ask)).toEqual(['fine']);
  });

  it('reports a YAML error at its line and still reads the keys before and after it', () => {
    const text = 'walk: 1\nid: y\ntitle: T\nscenario: s\nflows:\n  - from: a\n    to: b\n    intro: this: breaks\n  - from: c\n    to: d\n';
    const { walk, messages } = parseWalk(text, { scenarios: ['s'] });
    expect(messages.some((m) => m.line === 8 && m.severity === 'error' && m.message.startsWith('YAML:'))).toBe(true);
    expect(walk.title).toBe('T');
    expect(walk.parts.some((p) => p.type === 'flow' && p.from === 'c' && p.to === 'd')).toBe(true);
  });

  it('says what a walk without inputs, flows or a format line lacks', () => {
    const { messages } = parseWalk('id: x\ntitle: X\n');
    expect(messages.map((m) => m.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('no "walk: 1" line'), expect.stringContaining('no inputs'), expect.stringContaining('no flows')]));
    expect(parseWalk('').messages[0]?.message).toMatch(/empty/);
    expect(parseWalk('- a\n- b\n').messages[0]?.message).toMatch(/expected a mapping/);
    expect(parseWalk('walk: 2\nid: x\ntitle: X\nscenario: s\n').messages.some((m) => /written for walk format 2/.test(m.message))).toBe(true);
  });

  it('warns about a step pinned by its number alone', () => {
    const { walk, messages } = parseWalk('walk: 1\nid: x\ntitle: X\nscenario: s\nflows:\n  - from: a\n    to: b\n    notes:\n      - at: 3\n        text: t\n');
    expect((walk.parts[0] as WalkFlow).notes[0]?.at).toEqual({ index: 3, line: 9 });
    expect(messages[0]).toMatchObject({ line: 9, severity: 'warning', message: expect.stringContaining('shifts whenever the engine adds a step') });
  });

  it('reads inputs the walk carries itself', () => {
    const { walk, messages } = parseWalk('walk: 1\nid: x\ntitle: X\ninputs:\n  - path: node-a/ip-addr.txt\n    node: node-a\n    text: |\n      1: lo: <LOOPBACK>\n  - path: no-text.txt\nflows:\n  - from: a\n    to: b\n');
    expect(walk.inputs).toEqual([{ path: 'node-a/ip-addr.txt', node: 'node-a', text: '1: lo: <LOOPBACK>\n', line: 5 }]);
    expect(messages).toEqual([{ line: 9, severity: 'error', message: expect.stringContaining('needs "text"') }]);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => { parseWalk(text); }), { numRuns: 300 });
    const yamlish = fc.array(fc.oneof(fc.constantFrom('walk: 1', 'flows:', '  - from: a', '    to: b', '    notes:', '      - at: {', '        text: |',
      'questions:', '  - ask: [', 'id: x', '- - -', '  ? k', '&a *a', '"unterminated', 'as: {n: kubenet+calico}', 'expect: {verdict: [1]}'), fc.string({ maxLength: 20 })), { maxLength: 30 });
    fc.assert(fc.property(yamlish, (lines) => {
      const r = parseWalk(lines.join('\n'));
      expect(Array.isArray(r.messages)).toBe(true);
      expect(typeof r.walk.id).toBe('string');
    }), { numRuns: 300 });
  });
});
