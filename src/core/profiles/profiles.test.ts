/**
 * Network-mode profiles: detection per node with its evidence, CNIs named that PacketPath does not model, the mode
 * names the CLI and the app take, and the what-if's promises — the detected mode changes nothing, re-addressed pods
 * are the same everywhere, everything synthesised is marked, Azure's subnet limit is counted as AKS counts it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import type { InputFile } from '../ingest/ingest.ts';
import { trace } from '../trace/engine.ts';
import type { Snapshot } from '../model/types.ts';
import { parseMode, VALID_MODES } from './ids.ts';
import { synthesizeWhatIf } from './whatif/synthesize.ts';
import { allNodesAs, traceWhatIf } from './whatif/trace.ts';
import { azureSubnetCheck } from './whatif/addressing.ts';
import { isWhatIfSource } from './whatif/build.ts';
import { buildGraph } from '../graph/graph.ts';

const seed = (n: string): Snapshot => buildModel([{ path: `seed-${n}.txt`, text: readFileSync(new URL(`../../scenarios/seed-${n}.txt`, import.meta.url), 'utf8') }]);
/** A kernel scenario's folder as the CLI reads it: a sub-folder per node. */
function folder(dir: string): InputFile[] {
  const walk = (d: string): string[] => readdirSync(d).sort().flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return walk(dir).map((f) => {
    const rel = relative(dir, f);
    const parts = rel.split('/');
    return { path: rel, text: readFileSync(f, 'utf8'), ...(parts.length > 1 ? { node: parts[0] as string } : {}) };
  });
}
const kernel = (name: string): Snapshot => buildModel(folder(new URL(`../trace/fixtures/kernel/${name}`, import.meta.url).pathname));
const modeOf = (s: Snapshot) => Object.fromEntries(s.hosts.map((h) => [h.name, `${h.mode?.plugin}+${h.mode?.policy}`]));
/** The detected mode as `--as` takes it: a node whose policy engine is not known is named by its plugin alone. */
const asDetected = (s: Snapshot) => Object.fromEntries(s.hosts.map((h) => [h.name, h.mode?.policy === 'unknown' ? `${h.mode.plugin}` : `${h.mode?.plugin}+${h.mode?.policy}`]));

describe('detection per node', () => {
  it('gives each node of a bundle its own mode (seed 003: an Azure CNI node and a kubenet node with Calico)', () => {
    expect(modeOf(seed('003'))).toEqual({ 'node-1': 'azure-cni+unknown', 'node-2': 'kubenet+calico' });
  });
  it('says the policy engine is not known where no filter table was captured, and why', () => {
    const n1 = seed('003').hosts.find((h) => h.name === 'node-1');
    expect(n1?.mode?.notes?.join(' ')).toMatch(/no iptables filter table.*iptables-save of the node would tell/);
  });
  it('keeps evidence lines with their sources', () => {
    const h = seed('000').hosts[0];
    const npm = h?.mode?.detected.find((d) => d.mode === 'azure-npm');
    expect(npm?.evidence[0]).toMatchObject({ fact: expect.stringMatching(/AZURE-NPM\* chains in filter/), source: { input: 'seed-000.txt' } });
  });
  it('reads pod IPs outside the node subnet on azv* links as Overlay (the kernel Overlay scenario)', () => {
    const h = kernel('azure-cni-overlay').hosts[0];
    expect(h?.mode?.plugin).toBe('azure-cni-overlay');
    expect(h?.mode?.detected.find((d) => d.mode === 'azure-cni-overlay')?.evidence.map((e) => e.fact).join('\n')).toMatch(/outside the node's VNet subnet 10\.240\.0\.0\/16/);
  });
  it('detects every kernel mode cluster as the mode it was built in', () => {
    for (const m of VALID_MODES) {
      const s = kernel(`modes/${m.replace('+', '-')}`);
      expect(Object.values(modeOf(s)), m).toEqual([m, m]);
    }
  });
  it('names CNIs it does not model rather than saying unknown (flannel, OpenShift SDN, felix-* chains)', () => {
    const flannel = buildModel([{ path: 'n/ip-addr.txt', node: 'n', text: '2: eth0: <BROADCAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    inet 10.0.0.4/24 scope global eth0\n5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN\n    link/ether 26:12:3a:4b:5c:6d brd ff:ff:ff:ff:ff:ff\n    inet 10.244.1.0/32 scope global flannel.1\n' },
      { path: 'n/iptables.txt', node: 'n', text: '*filter\n:FORWARD ACCEPT [0:0]\n:FLANNEL-FWD - [0:0]\n-A FORWARD -j FLANNEL-FWD\n-A FLANNEL-FWD -s 10.244.0.0/16 -j ACCEPT\nCOMMIT\n' }]);
    expect(flannel.hosts[0]?.mode).toMatchObject({ plugin: 'flannel', modelled: false });
    const ocp = buildModel([{ path: 'n/ip-addr.txt', node: 'n', text: '2: eth0: <BROADCAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    inet 10.0.0.4/24 scope global eth0\n7: vxlan_sys_4789: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 65000 qdisc noqueue master ovs-system state UNKNOWN\n    link/ether 8a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff\n8: tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN\n    link/ether 9e:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff\n    inet 10.128.0.1/23 scope global tun0\n' }]);
    expect(ocp.hosts[0]?.mode?.plugin).toBe('openshift-sdn');
    const felix = buildModel([{ path: 'n/iptables.txt', node: 'n', text: '*filter\n:FORWARD ACCEPT [0:0]\n:felix-FORWARD - [0:0]\n-A FORWARD -j felix-FORWARD\nCOMMIT\n' }]);
    expect(felix.hosts[0]?.mode?.policy).toBe('calico-felix-legacy');
  });
});

describe('mode names', () => {
  it('takes a plugin alone (keeping the policy engine where it runs) or plugin+policy', () => {
    expect(parseMode('kubenet', 'calico')).toEqual({ plugin: 'kubenet', policy: 'calico' });
    expect(parseMode('kubenet', 'azure')).toEqual({ plugin: 'kubenet', policy: 'none' });
    expect(parseMode('azure-cni-overlay+calico')).toEqual({ plugin: 'azure-cni-overlay', policy: 'calico' });
  });
  it('refuses unknown names and combinations AKS does not run, listing the valid ones', () => {
    expect(parseMode('flannel')).toEqual({ error: expect.stringMatching(/unknown mode "flannel"; valid modes: kubenet\+none, kubenet\+calico, azure-cni-bridge\+none/) });
    expect(parseMode('kubenet+azure')).toEqual({ error: expect.stringMatching(/kubenet does not run with policy engine azure/) });
    expect(parseMode('azure-cni+nope')).toEqual({ error: expect.stringMatching(/unknown policy engine "nope"/) });
  });
});

describe('what-if', () => {
  const scenarios: [string, Snapshot, { from: string; to: string }][] = [
    ['seed 000', seed('000'), { from: 'kube-system/coredns-76b9877f49-sh2lz', to: '192.168.1.44:443' }],
    ['seed 001', seed('001'), { from: 'default/kuard-vnode', to: '10.13.76.19:8080' }],
    ['seed 002', seed('002'), { from: '10.100.1.18', to: '8.8.8.8:443' }],
    ['kernel azure-cni', kernel('azure-cni'), { from: 'default/tools-0', to: 'default/db-0:5432' }],
    ['kernel calico-vxlan', kernel('calico-vxlan'), { from: 'default/tester-0', to: 'prod/api-0:8080' }],
  ];
  it.each(scenarios)('as the detected mode changes nothing (%s)', (_name, snap, flow) => {
    const w = synthesizeWhatIf(snap, asDetected(snap));
    if ('error' in w) throw new Error(w.error);
    expect(w.report.modes).toEqual({});
    const a = trace(snap, flow);
    const b = traceWhatIf(w, flow);
    expect('error' in b ? b.error : b.verdict).toBe('error' in a ? a.error : a.verdict);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('re-addresses pods the same way in records, rules and sets, and shows the map', () => {
    const w = allNodesAs(kernel('kubenet'), 'azure-cni+azure');
    if ('error' in w) throw new Error(w.error);
    const map = new Map(w.report.mapping.map((m) => [m.from, m.to]));
    expect(map.get('10.244.1.10')).toBe('10.240.0.36');
    const texts = w.snapshot.hosts.flatMap((h) => Object.values(h.iptables).flatMap((t) => [...t.chains.values()].flatMap((c) => c.rules.map((r) => r.text))));
    for (const old of map.keys()) expect(texts.filter((t) => t.includes(`${old}:`) || t.includes(`${old}/`)), old).toEqual([]);
    expect(texts.some((t) => t.includes('--to-destination 10.240.0.36:8080'))).toBe(true);
    expect(w.snapshot.cluster.pods.find((p) => p.name === 'web-1')?.ip).toBe('10.240.0.36');
    const sets = w.snapshot.hosts.flatMap((h) => h.ipsets.flatMap((s) => s.members));
    expect(sets.filter((m) => map.has(m))).toEqual([]);
  });

  it('marks what it synthesised: graph elements, trace steps, the trace', () => {
    const w = allNodesAs(seed('000'), 'kubenet');
    if ('error' in w) throw new Error(w.error);
    const g = buildGraph(w.snapshot);
    expect(g.nodes.filter((n) => n.kind !== 'fabric').every((n) => n.classes.includes('what-if'))).toBe(true);
    const t = traceWhatIf(w, { from: 'kube-system/coredns-76b9877f49-sh2lz', to: '192.168.1.44:443' });
    if ('error' in t) throw new Error(t.error);
    expect(t.whatIf?.modes).toEqual({ 'aks-nodepool1-29364957-vmss000000': 'kubenet+none' });
    const steps = t.hops.flatMap((h) => h.steps);
    // a step is what-if unless it cites a captured line (a kube-proxy rule the what-if kept)
    for (const s of steps) expect(!!s.whatIf, s.detail).toBe(!s.source || isWhatIfSource(s.source));
    expect(steps.filter((s) => !s.whatIf).every((s) => s.source?.input === 'seed-000.txt')).toBe(true);
  });

  it('does not explain an Azure CNI bridge-mode pod with transparent mode\'s proxy ARP', () => {
    const w = allNodesAs(kernel('azure-cni'), 'azure-cni-bridge');
    if ('error' in w) throw new Error(w.error);
    const t = traceWhatIf(w, { from: 'default/web-0', to: '203.0.113.10:443' });
    if ('error' in t) throw new Error(t.error);
    const route = t.hops[0]?.steps.find((s) => s.kind === 'route')?.detail ?? '';
    expect(route).toMatch(/10\.240\.0\.1 is reached across bridge azure0/);
    expect(t.hops.flatMap((h) => h.steps).map((s) => s.detail).join('\n')).not.toMatch(/proxy.?arp/i);
  });

  it('counts Azure CNI\'s pre-allocation as AKS does (seed 004: 2 × 250 in a /24 fails, 1 × 250 fits)', () => {
    expect(azureSubnetCheck('10.32.0.0/24', 2, 250, false)).toMatchObject({ preallocated: 498, available: 251, ok: false });
    expect(azureSubnetCheck('10.32.0.0/24', 2, 250, false).text).toMatch(/498 IPs, more than the 251 available in 10\.32\.0\.0\/24.*InsufficientSubnetSize/);
    expect(azureSubnetCheck('10.3.0.0/24', 1, 250, false).ok).toBe(true);
    expect(azureSubnetCheck('10.33.0.0/24', 3, 250, false).preallocated).toBe(747);
  });

  it('reports an Azure limit a what-if breaks: ten kubenet nodes in a /24 as Azure CNI', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => `aks-np-${i}   Ready   agent   1d   v1.29.7   10.32.0.${4 + i}   <none>   Ubuntu   5.15   containerd`);
    const snap = buildModel([
      { path: 'aks-np-0/ip-addr.txt', node: 'aks-np-0', text: '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    link/ether 00:0d:3a:00:00:04 brd ff:ff:ff:ff:ff:ff\n    inet 10.32.0.4/24 brd 10.32.0.255 scope global eth0\n3: cbr0: <BROADCAST,MULTICAST,PROMISC,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n    link/ether 3a:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.244.0.1/24 scope global cbr0\n' },
      { path: 'aks-np-0/ip-route.txt', node: 'aks-np-0', text: 'default via 10.32.0.1 dev eth0\n10.32.0.0/24 dev eth0 proto kernel scope link src 10.32.0.4\n10.244.0.0/24 dev cbr0 proto kernel scope link src 10.244.0.1\n' },
      { path: 'kubectl-get-nodes.txt', text: `NAME   STATUS   ROLES   AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE   KERNEL-VERSION   CONTAINER-RUNTIME\n${nodes.join('\n')}\n` },
    ]);
    const w = synthesizeWhatIf(snap, { 'aks-np-0': 'azure-cni' });
    if ('error' in w) throw new Error(w.error);
    expect(w.report.limits).toEqual([expect.objectContaining({ subnet: '10.32.0.0/24', nodes: 10, maxPods: 30, preallocated: 290, ok: false })]);
    expect(w.report.warnings.join('\n')).toMatch(/Azure limit: .*290 IPs, more than the 251 available/);
  });
});

describe('NodeNetworkConfig evidence', () => {
  const dir = new URL('../trace/fixtures/kernel/azure-cni', import.meta.url).pathname;
  // kubectl get nnc -A -o wide as AKS prints it (the columns of the kubectl-nnc fixtures), naming one of the two nodes
  const nnc = [
    'NAMESPACE     NAME              REQUESTED IPS   ALLOCATED IPS   SUBNET                 SUBNET CIDR     NC ID                                  NC MODE   NC TYPE   NC VERSION',
    'kube-system   aks-nodepool1-0   256             256             routingdomain_6b2f1d   10.244.0.0/24   0f3a9c8e-71d2-4e56-b8a4-5c9e0d1f2a37   static    overlay   0',
    '',
  ].join('\n');
  it('an NC TYPE overlay makes that node Overlay, with the NNC line as its evidence; the other node keeps its own', () => {
    const before = buildModel(folder(dir));
    expect(before.hosts.find((h) => h.name === 'aks-nodepool1-0')?.mode?.plugin).toBe('azure-cni');
    const s = buildModel([...folder(dir), { path: 'nnc.txt', text: `$ kubectl get nnc -A -o wide\n${nnc}` }]);
    const h0 = s.hosts.find((h) => h.name === 'aks-nodepool1-0');
    expect(h0?.mode?.plugin).toBe('azure-cni-overlay');
    const ev = h0?.mode?.detected.find((d) => d.mode === 'azure-cni-overlay')?.evidence ?? [];
    expect(ev.map((e) => e.fact)).toContainEqual(expect.stringContaining('NodeNetworkConfig aks-nodepool1-0: NC TYPE overlay (10.244.0.0/24)'));
    expect(ev.find((e) => e.fact.includes('NodeNetworkConfig'))?.source).toEqual({ input: 'nnc.txt', line: 3 });
    expect(s.hosts.find((h) => h.name === 'aks-nodepool1-1')?.mode?.plugin).toBe('azure-cni');
  });
});
