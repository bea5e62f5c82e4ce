/**
 * Kernel-checked trace scenarios: `packetpath trace <folder>` must give the kernel's answer.
 *
 * scripts/capture-trace-scenarios.sh built each cluster in network namespaces, captured every node's dumps into
 * src/core/trace/fixtures/kernel/<scenario>/ and ran real probes; <scenario>.kernel.json holds what the kernel
 * did. Here the engine answers the same flows from the dumps alone, and for every outcome the kernel showed:
 *  - the verdict (delivered / dropped), and for a drop the rule whose counter moved;
 *  - where it was delivered, the address the server was reached at (DNAT) and the client address it saw (SNAT);
 *  - the interfaces crossed (those whose packet counters moved);
 *  - the nat rules the first packet matched (nat rules see only a connection's first packet, so their counters
 *    are exactly its path), and every filter rule the engine says matched has a moved counter.
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../core/trace/engine.ts';
import { crossings } from '../core/trace/crossings.ts';
import type { Trace } from '../core/trace/types.ts';
import type { Snapshot } from '../core/model/types.ts';
import { finalDst, finalSrc, ipOf, loadScenario as load, nodesOf, outcomesOf, kernelVerdict, type KernelOutcome } from './kernel-answers.ts';

const SCENARIOS = ['kubenet', 'kubenet-sysctl', 'azure-cni', 'azure-cni-overlay', 'calico-vxlan'] as const;

/** The engine branch that matches a kernel outcome: same verdict, same final destination. */
function branchFor(t: Trace, o: KernelOutcome): Trace | undefined {
  return outcomesOf(t).find((b) => (o.delivered
    ? b.verdict === 'delivered' && (!o.server || finalDst(b) === o.server.local || ipOf(finalDst(b)) === ipOf(o.server.local))
    : b.verdict === kernelVerdict(o)));
}

/** Rules of `table` the engine's packet matched (their counters would move), per node: `node table chain index`. */
const engineRules = (b: Trace, table: string): string[] =>
  b.hops.flatMap((h) => h.steps.filter((s) => s.table === table && s.chain && s.rule !== undefined && !s.notMatched).map((s) => `${h.node} ${s.table} ${s.chain} ${s.rule}`));

/**
 * The reply of a delivered flow, as the engine traces it: from the server back to the address it saw, as a packet
 * of an established connection. Its inner packet skips the nat table (not NEW), but a VXLAN reply is wrapped in
 * an outer UDP packet of its own — a NEW flow whose nat counters move too.
 */
function replyOf(snap: Snapshot, b: Trace, o: KernelOutcome): Trace | undefined {
  if (!o.server || b.flow.proto === 'icmp') return undefined;
  const r = trace(snap, { from: ipOf(o.server.local), to: `${o.server.peer}:${b.flow.sport ?? 40000}`, proto: b.flow.proto, ctstate: 'ESTABLISHED' });
  return 'error' in r ? undefined : r;
}
/** The DROP/REJECT rules (or DROP policies) whose counters moved: the kernel's dropping rule, if a rule dropped it. */
const dropRules = (o: KernelOutcome, nodes: Set<string>): KernelOutcome['rules'] =>
  o.rules.filter(([node, , , idx, text]) => nodes.has(node) && (/-j (DROP|REJECT)\b/.test(text) || (idx === 0 && /policy DROP/.test(text))));
const kernelRules = (o: KernelOutcome, table: string, nodes: Set<string>): string[] =>
  o.rules.filter(([node, t]) => t === table && nodes.has(node)).map(([node, t, c, i]) => `${node} ${t} ${c} ${i}`);

/**
 * The interfaces the engine says the packet crosses (both directions use the same ones here), against the
 * kernel's moved counters. One kernel-only effect is allowed: a promiscuous bridge (kubenet's cbr0) counts every
 * frame it switches, so it shows a copy of pod-to-pod traffic it only switched; the engine must then show that
 * hop switched between two ports of that bridge.
 */
function compareInterfaces(snap: Snapshot, b: Trace, o: KernelOutcome): void {
  const nodes = nodesOf(snap);
  const engine = new Set(crossings(b).map((c) => `${c.node}|${c.netns}|${c.dev}`));
  const kernel = new Set(o.interfaces.filter(([node]) => nodes.has(node)).map((i) => i.join('|')));
  const switchedBridges = new Set(b.hops.flatMap((h) => {
    const ns = snap.hosts.find((x) => x.name === h.node)?.netns.find((n) => n.id === h.netns);
    const masterOf = (dev: string | null) => (dev ? ns?.links.find((l) => l.name === dev)?.master : undefined);
    const m = masterOf(h.in);
    return m && m === masterOf(h.out) && !(h.via ?? []).includes(m) ? [`${h.node}|${h.netns}|${m}`] : [];
  }));
  const kernelOnly = [...kernel].filter((k) => !engine.has(k) && !switchedBridges.has(k));
  const engineOnly = [...engine].filter((e) => !kernel.has(e));
  expect({ kernelOnly, engineOnly }).toEqual({ kernelOnly: [], engineOnly: [] });
}

for (const name of SCENARIOS) {
  describe(`kernel scenario ${name}`, () => {
    const { snap, probes } = load(name);
    const nodes = nodesOf(snap);
    for (const p of probes) {
      describe(`${p.name}: ${p.flow.from} → ${p.flow.to}`, () => {
        const t = trace(snap, { from: p.flow.from, to: p.flow.to });
        it('resolves the flow', () => {
          expect('error' in t ? t.error : '').toBe('');
        });
        if ('error' in t) return;
        it('finds every outcome the kernel showed, and no other', () => {
          for (const o of p.outcomes) expect(branchFor(t, o), JSON.stringify(o.server ?? o.error)).toBeDefined();
          expect(outcomesOf(t).length).toBe(p.outcomes.length);
          expect(t.verdict).toBe(p.outcomes.every((o) => o.delivered) ? 'delivered' : p.outcomes.some((o) => kernelVerdict(o) === 'dropped') ? 'dropped' : 'no-route');
        });
        it('has the NetworkPolicy answer agree with the dataplane (the captured policies are the enforced ones)', () => {
          // a drop no rule made (forwarding off), or kube-proxy's (conntrack INVALID), is the node's, not a policy's
          const ruleDrop = p.outcomes.some((o) => !o.delivered && dropRules(o, nodes).some(([, , chain]) => !chain.startsWith('KUBE-')));
          expect(t.policy?.verdict).toBe(ruleDrop ? 'denied' : 'allowed');
          expect(t.warnings.filter((w) => /^policy (allows|denies)/.test(w))).toEqual([]);
        });
        for (const [i, o] of p.outcomes.entries()) {
          const b = branchFor(t, o);
          if (!b) continue;
          const label = o.server ? `${o.server.at} at ${o.server.local}` : o.delivered ? 'delivered' : `dropped (${o.error})`;
          if (o.server) {
            it(`${label}: delivered to the pod the kernel reached, seen from ${o.server.peer}`, () => {
              const [node, netns] = o.server!.at.split('|') as [string, string];
              if (node === 'external') expect(b.deliveredTo).toEqual({ external: ipOf(o.server!.local) });
              else expect(b.deliveredTo).toMatchObject({ node, ...(netns.startsWith('pod:') ? { pod: netns.slice(4) } : {}) });
              expect(finalDst(b)).toBe(o.server!.local);
              expect(finalSrc(b)).toBe(o.server!.peer);
            });
          }
          if (!o.delivered) {
            it(`${label}: dropped by the rule whose counter moved, or outside netfilter when none moved`, () => {
              const drops = dropRules(o, nodes);
              const step = b.hops.flatMap((h) => h.steps.map((s) => ({ ...s, node: h.node }))).find((s) => s.kind === 'drop');
              if (!drops.length) {
                expect(step?.table).toBeUndefined();
                expect(b.droppedBy).toBeNull();
                return;
              }
              expect(drops).toHaveLength(1);
              const [node, table, chain, index] = drops[0] as KernelOutcome['rules'][number];
              expect(step).toMatchObject({ node, table, chain, rule: index });
              expect(b.droppedBy).toMatchObject({ table, chain });
            });
          }
          it(`${label}: crosses the interfaces whose counters moved (outcome ${i + 1})`, () => compareInterfaces(snap, b, o));
          it(`${label}: matches the nat rules whose counters moved (with its reply's), and filter rules only where counters moved`, () => {
            const reply = replyOf(snap, b, o);
            expect(new Set([...engineRules(b, 'nat'), ...(reply ? outcomesOf(reply).flatMap((r) => engineRules(r, 'nat')) : [])])).toEqual(new Set(kernelRules(o, 'nat', nodes)));
            const movedFilter = new Set(kernelRules(o, 'filter', nodes));
            expect(engineRules(b, 'filter').filter((r) => !movedFilter.has(r))).toEqual([]);
          });
        }
      });
    }
  });
}
