/**
 * The what-if against the kernel: one cluster inventory was built in every mode by scripts/capture-trace-scenarios.sh
 * (`modes`), captured and probed. For every ordered pair (captured mode A, what-if mode B), tracing A's captures as B
 * — what `packetpath trace <A's captures> --as B` does — must give what B's kernel did for the same flow: the verdict
 * of every outcome, where DNAT sent it (which pod, which port), whom the destination saw as the source (SNAT: which
 * node or pod), and the kinds of interfaces crossed on each node (pod eth0, pod veths, bridges, VXLAN, the NIC).
 * Pods are compared by name and nodes by name, not by address: a what-if may keep addresses the kernel's B cluster
 * drew from another range (kubenet's pods keep theirs under Calico VXLAN), and that is the what-if's to say.
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../core/trace/engine.ts';
import { crossings } from '../core/trace/crossings.ts';
import type { Trace } from '../core/trace/types.ts';
import type { Snapshot } from '../core/model/types.ts';
import { primaryIpv4 } from '../core/model/netns.ts';
import { VALID_MODES } from '../core/profiles/ids.ts';
import { allNodesAs, traceWhatIf } from '../core/profiles/whatif/trace.ts';
import type { WhatIf } from '../core/profiles/whatif/synthesize.ts';
import { finalDst, finalSrc, ipOf, loadScenario, nodesOf, outcomesOf, kernelVerdict, type KernelOutcome } from './kernel-answers.ts';

const worlds = VALID_MODES.map((mode) => ({ mode, ...loadScenario(`modes/${mode.replace('+', '-')}`) }));

/** Who an address is in a world: a pod by name, a node by name, or the address itself (outside the cluster). */
function who(snap: Snapshot, ipPort: string): string {
  const ip = ipOf(ipPort);
  const port = ipPort.includes(':') ? ipPort.slice(ipPort.lastIndexOf(':')) : '';
  const node = snap.hosts.find((h) => h.ip === ip)?.name;
  if (node) return `node ${node}${port}`;
  const pod = snap.cluster.pods.find((p) => p.ip === ip && !p.hostNetwork)
    ?? snap.hosts.flatMap((h) => h.netns).find((n) => n.kind === 'pod' && primaryIpv4(n) === ip);
  if (pod) return `pod ${'namespace' in pod ? `${pod.namespace}/${pod.name}` : pod.pod ?? pod.id}${port}`;
  return `${ip}${port}`;
}

/** The kind of an interface in a world: the pod's eth0, a pod's host veth, a bridge, a VXLAN device, the node's NIC. */
function kindOf(snap: Snapshot, node: string, netns: string, dev: string): string {
  if (netns !== 'host') return `${netns} eth0`;
  const link = snap.hosts.find((h) => h.name === node)?.netns.find((n) => n.id === 'host')?.links.find((l) => l.name === dev);
  if (!link) return `? ${dev}`;
  if (link.kind === 'bridge') return 'bridge';
  if (link.kind === 'vxlan') return 'vxlan';
  return link.peer?.netns.startsWith('pod:') ? 'pod veth' : 'nic';
}

const kinds = (items: string[]): string[] => [...items].sort();

function engineKinds(snap: Snapshot, t: Trace): string[] {
  return kinds(crossings(t).map((c) => `${c.node} ${kindOf(snap, c.node, c.netns, c.dev)}`));
}

/** The kernel's interfaces as kinds; a promiscuous bridge counts frames it only switched, which the engine shows as a hop between two of its ports. */
function kernelKinds(world: Snapshot, o: KernelOutcome, engine: Snapshot, t: Trace): string[] {
  const nodes = nodesOf(world);
  const switched = new Set(t.hops.filter((h) => h.netns === 'host').flatMap((h) => {
    const links = engine.hosts.find((x) => x.name === h.node)?.netns.find((n) => n.id === 'host')?.links ?? [];
    const master = (dev: string | null) => links.find((l) => l.name === dev)?.master;
    return master(h.in) && master(h.in) === master(h.out) && !(h.via ?? []).includes(master(h.in) as string) ? [h.node] : [];
  }));
  const seen = o.interfaces.filter(([node]) => nodes.has(node)).map(([node, netns, dev]) => `${node} ${kindOf(world, node, netns, dev)}`);
  const engineSide = new Set(engineKinds(engine, t));
  return kinds(seen.filter((k) => engineSide.has(k) || !(k.endsWith(' bridge') && switched.has(k.split(' ')[0] as string))));
}

/** The engine branch that is this kernel outcome: same verdict, DNAT to the same pod and port. */
function branchFor(engine: Snapshot, world: Snapshot, t: Trace, o: KernelOutcome): Trace | undefined {
  return outcomesOf(t).find((b) => (o.delivered
    ? b.verdict === 'delivered' && (!o.server || who(engine, finalDst(b)) === who(world, o.server.local))
    : b.verdict === kernelVerdict(o)));
}

for (const a of worlds) {
  describe(`captured ${a.mode}`, () => {
    for (const b of worlds) {
      const w: WhatIf | { error: string } | null = a.mode === b.mode ? null : allNodesAs(a.snap, b.mode);
      const engine = w && !('error' in w) ? w.snapshot : a.snap;
      describe(`as ${b.mode}`, () => {
        it('synthesises the what-if', () => { expect(w && 'error' in w ? w.error : '').toBe(''); });
        for (const p of b.probes) {
          it(`${p.name}: ${p.flow.from} → ${p.flow.to} as the kernel under ${b.mode} did`, () => {
            const t = w && !('error' in w) ? traceWhatIf(w, p.flow) : trace(a.snap, p.flow);
            expect('error' in t ? t.error : '').toBe('');
            if ('error' in t) return;
            const got = outcomesOf(t);
            expect(got.map((x) => x.verdict).sort()).toEqual(p.outcomes.map(kernelVerdict).sort());
            for (const o of p.outcomes) {
              const br = branchFor(engine, b.snap, t, o);
              expect(br, `an outcome like the kernel's ${JSON.stringify(o.server ?? o.error)}`).toBeDefined();
              if (!br) continue;
              if (o.server) {
                expect(who(engine, finalDst(br))).toBe(who(b.snap, o.server.local));
                expect(who(engine, finalSrc(br))).toBe(who(b.snap, o.server.peer));
              }
              expect(engineKinds(engine, br)).toEqual(kernelKinds(b.snap, o, engine, br));
            }
          });
        }
      });
    }
  });
}
