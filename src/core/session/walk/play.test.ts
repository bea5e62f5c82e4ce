/**
 * A walk in play on seed 001 (Calico policy) and seed 000 (Azure NPM): the sequence a presenter steps through,
 * notes that stay on their step when the engine adds one, a walk that drifted from the engine, checkpoints drawn
 * from the model and their score, branches, mode flips and what-if flows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../ingest/ingest.ts';
import { trace } from '../../trace/engine.ts';
import type { Trace } from '../../trace/types.ts';
import { answerCheckpoint, scoreWalk } from './checkpoint.ts';
import { readWalkLink, walkLinkParams, clampStep } from './link.ts';
import { parseWalk } from './parse.ts';
import { playWalk, type PlayStep } from './play.ts';
import { playTrace } from './packet.ts';
import { runWalk, type RunOptions } from './run.ts';

const seed = (n: string): InputFile[] => [{ path: `seed-${n}.txt`, text: readFileSync(new URL(`../../../scenarios/seed-${n}.txt`, import.meta.url), 'utf8') }];

const WALK = `walk: 1
id: test-walk
title: Calico drop
scenario: azure-cni-calico
flows:
  - id: drop
    from: default/kuard-vnode
    to: ingress/kuard-vnode-ingress-7b6868dd49-drldk:8080
    expect: { verdict: dropped, by: "cali-tw-*" }
    notes:
      - at: { chain: "cali-tw-*", rule: Drop if no policies passed packet }
        text: the drop
      - at: { kind: route, netns: host }
        text: the /32 route
        evidence: ["route -nv | grep 10.13.76.19"]
    checkpoints:
      - at: { chain: cali-to-wl-dispatch-d }
      - at: { chain: "cali-tw-*", rule: Drop if no policies passed packet }
        predict: action
  - id: bridged
    from: default/kuard-vnode
    to: 10.13.76.19:8080
    as: { aks-nodepool1-26711606-0: azure-cni-bridge+none }
    flip: no policy, so a bridge
    expect: dropped
  - talk: labels
    text: the namespace label
    evidence: ["k label ns/kube-system"]
    questions:
      - ask: which?
        choices: [yes, no]
        answer: no
questions:
  - ask: discuss
`;

const play = (text: string, files: InputFile[], opts: RunOptions = {}) => {
  const { walk, messages } = parseWalk(text, { file: 't.walk.yaml' });
  expect(messages).toEqual([]);
  return playWalk(walk, runWalk(walk, files, opts));
};

describe('playWalk', () => {
  it('lays out the walk: opening, flow card, every trace step, verdict, mode flip, pending what-if, talk, questions', () => {
    const p = play(WALK, seed('001'));
    const kinds = p.steps.map((s) => s.kind);
    expect(kinds.slice(0, 2)).toEqual(['intro', 'flow']);
    expect(kinds.slice(-6)).toEqual(['verdict', 'mode', 'flow', 'pending', 'talk', 'questions']);
    expect(p.steps.map((s) => s.n)).toEqual(p.steps.map((_, i) => i + 1));
    const packets = p.steps.filter((s): s is Extract<PlayStep, { kind: 'packet' }> => s.kind === 'packet');
    expect(packets.map((s) => s.packet.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const mode = p.steps.find((s) => s.kind === 'mode') as Extract<PlayStep, { kind: 'mode' }>;
    expect(mode).toMatchObject({ changes: [{ node: 'aks-nodepool1-26711606-0', from: null, to: 'azure-cni-bridge+none' }], caption: 'no policy, so a bridge' });
    expect(p.steps.find((s) => s.kind === 'pending')).toMatchObject({ reason: expect.stringContaining('azure-cni-bridge+none') });
    expect(p.messages).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('flow bridged') })]);
    const verdict = p.steps.find((s) => s.kind === 'verdict') as Extract<PlayStep, { kind: 'verdict' }>;
    expect(verdict).toMatchObject({ verdict: 'dropped', ok: true, droppedBy: { chain: 'cali-tw-calid3b581beed8' } });
    expect(p.steps.find((s) => s.kind === 'talk')).toMatchObject({ evidence: [{ input: 'seed-001.txt', line: expect.any(Number) }] });
  });

  it('pins notes by what the step is, so they stay put when the engine adds a step; the number alone would shift', () => {
    const { walk } = parseWalk(WALK);
    const run = runWalk(walk, seed('001'));
    const before = playWalk(walk, run);
    const noteAt = (steps: PlayStep[], text: string) => steps.find((s) => s.kind === 'packet' && s.notes.some((n) => n.text === text)) as Extract<PlayStep, { kind: 'packet' }>;
    expect(noteAt(before.steps, 'the drop').packet.step.detail).toMatch(/cali-tw-calid3b581beed8 rule 7: DROP/);
    // a future engine that explains one more thing in the host's hop
    const grown = structuredClone(run);
    const fr = grown.flows.drop;
    if (fr?.status !== 'traced') throw new Error('not traced');
    fr.trace = { ...fr.trace, hops: fr.trace.hops.map((h, i) => (i === 1 ? { ...h, steps: [{ kind: 'route', detail: 'rp_filter: loose', source: null }, ...h.steps] } : h)) } as Trace;
    fr.snapshot = run.snapshot;
    const after = playWalk(walk, grown);
    expect(noteAt(after.steps, 'the drop').packet.step.detail).toMatch(/cali-tw-calid3b581beed8 rule 7: DROP/);
    expect(noteAt(after.steps, 'the drop').packet.n).toBe(noteAt(before.steps, 'the drop').packet.n + 1);
    expect(after.messages.filter((m) => m.severity !== 'info')).toEqual([]);
  });

  it('says so when a note finds no step (the walk drifted from the engine), and falls back to the number when it has one', () => {
    const drifted = WALK.replace('rule: Drop if no policies passed packet }\n        text: the drop', 'rule: Drop if nothing matched }\n        text: the drop')
      .replace('- at: { kind: route, netns: host }', '- at: { kind: route, netns: host, interface: cali9999, index: 2 }');
    const { walk } = parseWalk(drifted);
    const p = playWalk(walk, runWalk(walk, seed('001')));
    expect(p.messages).toEqual(expect.arrayContaining([
      expect.objectContaining({ severity: 'error', line: 11, message: expect.stringContaining('finds no step — the walk has drifted from the engine') }),
      expect.objectContaining({ severity: 'warning', line: 13, message: expect.stringContaining('placed at step 2 by its index') }),
    ]));
  });

  it('says so when the engine no longer gives the verdict the walk states', () => {
    const { walk } = parseWalk(WALK.replace('expect: { verdict: dropped, by: "cali-tw-*" }', 'expect: { verdict: dropped, by: "cali-fw-*" }'));
    expect(playWalk(walk, runWalk(walk, seed('001'))).messages).toEqual(expect.arrayContaining([
      expect.objectContaining({ severity: 'error', message: 'flow drop: the walk expects the drop in cali-fw-*, the engine drops in cali-tw-calid3b581beed8' })]));
  });

  it('draws checkpoint choices from the model, in an order that is the same every time, and scores the answers', () => {
    const p = play(WALK, seed('001'));
    const [chain, action, question] = p.checkpoints;
    expect(chain).toMatchObject({ predict: 'chain', traceStep: 4 });
    expect(chain?.choices.map((c) => c.label)).toEqual(expect.arrayContaining(['cali-tw-calid3b581beed8', 'cali-fw-calid3b581beed8']));
    expect(chain?.choices.find((c) => c.id === chain.answer)?.label).toBe('cali-tw-calid3b581beed8');
    expect(chain?.evidence).toEqual([{ input: 'seed-001.txt', line: 87 }]);
    // every other choice is a chain of the node's filter table
    const filter = runWalk(parseWalk(WALK).walk, seed('001')).snapshot.hosts[0]?.iptables.filter;
    for (const c of chain?.choices ?? []) expect(filter?.chains.has(c.label)).toBe(true);
    expect(action?.choices.map((c) => c.label)).toEqual(expect.arrayContaining(['DROP', 'RETURN', 'jump cali-pi-_FSXf14qKl1ZqjRcvUXU']));
    expect(question).toMatchObject({ predict: 'question', choices: [{ id: 'a', label: 'yes' }, { id: 'b', label: 'no' }], answer: 'b' });
    expect(play(WALK, seed('001')).checkpoints).toEqual(p.checkpoints);
    const wrong = chain?.choices.find((c) => c.id !== chain.answer)?.id as string;
    expect(answerCheckpoint(chain as NonNullable<typeof chain>, wrong)).toMatchObject({ correct: false, right: { label: 'cali-tw-calid3b581beed8' } });
    expect(scoreWalk(p.checkpoints, { [chain?.id as string]: wrong, [action?.id as string]: action?.answer as string })).toEqual({
      total: 3, answered: 2, correct: 1, results: [{ id: chain?.id, correct: false }, { id: action?.id, correct: true }, { id: question?.id, correct: null }] });
    const step = p.steps.find((s) => s.kind === 'packet' && s.checkpoint === chain?.id) as Extract<PlayStep, { kind: 'packet' }>;
    expect(step.packet.n).toBe(4);
  });

  it('asks for the interface on the host side of a veth, and for the verdict among the other verdicts', () => {
    const text = `walk: 1\nid: t\ntitle: T\nscenario: s\nflows:\n  - from: kube-system/konnectivity-agent-7bb7558cf8-qqfmh\n    to: 192.168.1.44:4443\n    branch: 2\n    checkpoints:\n      - at: { kind: route, netns: host }\n      - at: { kind: deliver }\n`;
    const p = play(text, seed('000'));
    const [iface, verdict] = p.checkpoints;
    expect(iface).toMatchObject({ predict: 'interface', ask: expect.stringContaining('arrive on') });
    expect(iface?.choices.find((c) => c.id === iface.answer)?.label).toBe('azvcd87e76d4de');
    expect(iface?.choices.map((c) => c.label)).toEqual(expect.arrayContaining(['eth0']));
    expect(verdict?.choices.map((c) => c.label).sort()).toEqual(['cannot tell from these inputs', 'delivered to kube-system/metrics-server-555d76c778-66s8q',
      'dropped by a rule on the way', 'no route: the kernel discards it']);
    // branch 2: the AZURE-NPM-EGRESS rule the ipsets could not settle does not match; the fork is shown where it happens
    const fork = p.steps.find((s) => s.kind === 'packet' && s.fork) as Extract<PlayStep, { kind: 'packet' }>;
    expect(fork.packet.step.detail).toMatch(/AZURE-NPM-EGRESS rule 1: no match/);
    expect(fork.fork?.branches.map((b) => [b.n, b.played, b.uncertain])).toEqual([[1, false, true], [2, true, true]]);
  });

  it('traces a what-if flow once a synthesis is given, with a mode flip before it and back after', () => {
    const text = WALK.replace('expect: dropped\n', 'expect: dropped\n  - id: back\n    from: default/kuard-vnode\n    to: 10.13.76.19:8080\n    expect: dropped\n');
    const seen: Record<string, string>[] = [];
    const p = play(text, seed('001'), { whatIf: (snap, modes) => { seen.push(modes); return { snapshot: snap, trace: (req) => trace(snap, req) }; } });
    expect(seen).toEqual([{ 'aks-nodepool1-26711606-0': 'azure-cni-bridge+none' }]);
    expect(p.steps.filter((s) => s.kind === 'pending')).toEqual([]);
    const modes = p.steps.filter((s): s is Extract<PlayStep, { kind: 'mode' }> => s.kind === 'mode').map((s) => s.changes);
    expect(modes).toEqual([[{ node: 'aks-nodepool1-26711606-0', from: null, to: 'azure-cni-bridge+none' }], [{ node: 'aks-nodepool1-26711606-0', from: 'azure-cni-bridge+none', to: null }]]);
  });

  it('steps through any trace, not only a walk', () => {
    const t = trace(runWalk(parseWalk(WALK).walk, seed('001')).snapshot, { from: 'kube-system/coredns-754f947b4-tcct9', to: '10.13.76.19:8080' });
    if ('error' in t) throw new Error(t.error);
    const steps = playTrace(t);
    const accept = steps.find((s) => s.step.chain === 'cali-pi-_FSXf14qKl1ZqjRcvUXU' && s.changed.includes('mark'));
    expect([accept?.before.mark, accept?.after.mark]).toEqual([0, 0x10000]);
    expect(steps.at(-1)?.after).toMatchObject({ netns: 'pod:ingress/kuard-vnode-ingress-7b6868dd49-drldk', in: 'eth0' });
  });
});

describe('walk links', () => {
  it('reads #walk=<id>&step=<n>&present=1 strictly and writes it back', () => {
    expect(readWalkLink(new URLSearchParams('v1=abc&walk=seed-001&step=4&present=1'))).toEqual({ walk: 'seed-001', step: 4, present: true });
    expect(readWalkLink({ walk: 'seed-001' })).toEqual({ walk: 'seed-001', step: 1, present: false });
    for (const bad of ['walk=<script>', 'walk=', 'step=3', 'walk=../x']) expect(readWalkLink(new URLSearchParams(bad))).toBeNull();
    expect(readWalkLink(new URLSearchParams('walk=a&step=-2'))?.step).toBe(1);
    expect(readWalkLink(new URLSearchParams('walk=a&step=1e9'))?.step).toBe(1);
    expect(walkLinkParams({ walk: 'seed-001', step: 4, present: true })).toEqual({ walk: 'seed-001', step: '4', present: '1' });
    expect([clampStep(40, 30), clampStep(0, 30), clampStep(7, 30)]).toEqual([30, 1, 7]);
  });
});

describe('a flow that cannot be traced', () => {
  it('stays in the walk as a step that says why, with an error message', () => {
    const text = 'walk: 1\nid: t\ntitle: T\nscenario: s\nflows:\n  - id: nowhere\n    from: default/no-such-pod\n    to: 10.13.76.19:8080\n  - id: half\n    from: default/kuard-vnode\n';
    const { walk, messages } = parseWalk(text);
    const p = playWalk(walk, runWalk(walk, seed('001')));
    expect(p.steps.filter((s) => s.kind === 'pending').map((s) => s.kind === 'pending' && [s.flow, s.status])).toEqual([['nowhere', 'error'], ['half', 'error']]);
    // the half-written flow is named once, by the parser on its line; the one that does not trace by the play
    expect(messages.map((m) => [m.line, m.severity])).toEqual([[9, 'error']]);
    expect(p.messages.map((m) => [m.line, m.severity])).toEqual([[6, 'error']]);
  });
});
