/** The whole core on the seed documents: what a user pasting each seed as a whole must get. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from './pipeline.ts';
import type { Host, Snapshot } from './model/types.ts';

const seed = (n: string): string => readFileSync(new URL(`../scenarios/seed-${n}.txt`, import.meta.url), 'utf8');
const model = (n: string): Snapshot => buildModel([{ path: `seed-${n}.txt`, text: seed(n) }]);
const host = (s: Snapshot, name: string): Host => {
  const h = s.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name} in ${s.hosts.map((x) => x.name).join(', ')}`);
  return h;
};
const hostNs = (h: Host) => h.netns.find((n) => n.id === 'host');

describe('seed 000: Azure CNI transparent with Azure NPM', () => {
  const s = model('000');
  it('names the node from the host-network pods that share eth0 192.168.1.33', () => {
    expect(s.hosts.map((h) => h.name)).toEqual(['aks-nodepool1-29364957-vmss000000']);
    expect(s.hosts[0]?.ip).toBe('192.168.1.33');
  });
  it('builds one pod netns per azv veth, named by the /32 route and the kubectl pod list', () => {
    const h = host(s, 'aks-nodepool1-29364957-vmss000000');
    const pods = h.netns.filter((n) => n.kind === 'pod').map((n) => n.pod).sort();
    expect(pods).toEqual([
      'kube-system/coredns-76b9877f49-sh2lz', 'kube-system/konnectivity-agent-7bb7558cf8-qqfmh',
      'kube-system/metrics-server-555d76c778-66s8q', 'kube-system/metrics-server-555d76c778-cf7p6',
    ]);
    const azv = hostNs(h)?.links.find((l) => l.name === 'azv431b324e9b7');
    expect(azv?.peer).toEqual({ netns: 'pod:kube-system/coredns-76b9877f49-sh2lz', link: 'eth0' });
    expect(hostNs(h)?.routes).toHaveLength(9);
  });
  it('detects transparent mode and Azure NPM with evidence', () => {
    expect(s.mode.dataplane).toBe('azure-cni');
    expect(s.mode.policy).toBe('azure');
    const npm = s.mode.detected.find((d) => d.mode === 'azure-npm');
    expect(npm?.evidence.map((e) => e.fact).join('\n')).toMatch(/AZURE-NPM\* chains/);
  });
  it('keeps the filter table with its AZURE-NPM chains and their rules', () => {
    const f = host(s, 'aks-nodepool1-29364957-vmss000000').iptables.filter;
    expect([...(f?.chains.keys() ?? [])]).toContain('AZURE-NPM-EGRESS-3618314628');
    expect(f?.chains.get('FORWARD')?.policy).toBe('ACCEPT');
    expect(f?.chains.get('FORWARD')?.rules.map((r) => r.target?.name)).toContain('AZURE-NPM');
  });
});

describe('seed 001: Azure CNI + Calico, a blog that lost its line breaks', () => {
  const s = model('001');
  const h = host(s, 'aks-nodepool1-26711606-0');
  it('reads the flattened route -nv table (23 routes) and brctl show', () => {
    expect(hostNs(h)?.routes.length).toBeGreaterThanOrEqual(23);
    expect(hostNs(h)?.links.find((l) => l.name === 'docker0')?.kind).toBe('bridge');
  });
  it('matches the nsenter view (PID 17233) to the nginx ingress controller pod through its IP', () => {
    const ns = h.netns.find((n) => n.pod === 'kube-system/addon-http-application-routing-nginx-ingress-controller-8fx6v2r');
    expect(ns?.links.find((l) => l.name === 'eth0')?.peer).toEqual({ netns: 'host', link: 'cali836fd394022' });
  });
  it('reads the flattened Calico chains, policy chain and ipset', () => {
    const tw = h.iptables.filter?.chains.get('cali-tw-calid3b581beed8');
    // 12 rules in the grep; the three the author quotes again later are the same rules, not new ones
    expect(tw?.rules.length).toBe(12);
    expect(tw?.rules.map((r) => r.target?.name)).toEqual(['ACCEPT', 'DROP', 'MARK', 'MARK', 'cali-pi-_FSXf14qKl1ZqjRcvUXU', 'RETURN', 'DROP', 'cali-pri-kns.ingress', 'RETURN', 'cali-pri-ksa.ingress.default', 'RETURN', 'DROP']);
    expect(h.iptables.filter?.chains.get('cali-pi-_FSXf14qKl1ZqjRcvUXU')?.rules.length).toBe(2);
    expect(h.ipsets[0]?.members).toHaveLength(15);
  });
  it('re-indents the NetworkPolicy YAML and takes the later namespace labels', () => {
    const pol = s.cluster.policies.find((p) => p.name === 'drop-inter-namespace');
    expect(pol?.ingress[0]?.from?.[0]?.namespaceSelector?.matchLabels).toEqual({ name: 'kube-system' });
    expect(s.cluster.namespaces.find((n) => n.name === 'kube-system')?.labels).toEqual({ name: 'kube-system' });
    expect(s.warnings.filter((w) => /matches no namespace/.test(w.message))).toEqual([]);
  });
  it('detects Calico policy', () => {
    expect(s.mode.policy).toBe('calico');
  });
});

describe('seed 002: kubenet bridge cbr0', () => {
  const s = model('002');
  it('finds cbr0 with its five veth ports, the kubenet MASQUERADE rule and kubenet mode', () => {
    const h = s.hosts.find((x) => hostNs(x)?.links.some((l) => l.name === 'cbr0'));
    expect(hostNs(h as Host)?.links.find((l) => l.name === 'cbr0')?.ports).toHaveLength(5);
    expect(s.mode.detected.map((d) => d.mode)).toContain('kubenet');
    const nat = h?.iptables.nat?.chains.get('POSTROUTING')?.rules ?? [];
    expect(nat.map((r) => r.target?.name)).toEqual(['KUBE-POSTROUTING', 'MASQUERADE', 'MASQUERADE']);
  });
  it('keeps the ssh-jump name, and warns that the kubenet dump looks like the node whose pods fill its pod CIDR', () => {
    const h = s.hosts.find((x) => hostNs(x)?.links.some((l) => l.name === 'cbr0'));
    expect(h?.name).toBe('aks-nodepool1-44430483-vmss000000');
    expect(s.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(
      /^node aks-nodepool1-44430483-vmss000000: its pod CIDR 10\.100\.1\.0\/24 \(on cbr0\) holds pods kubectl places on aks-nodepool1-27511634-vmss000000 .*this capture may be from aks-nodepool1-27511634-vmss000000$/));
  });
});

describe('seed 003: two unnamed nodes, transparent mode on Azure CNI and on kubenet', () => {
  const s = model('003');
  it('keeps the two nodes apart', () => {
    expect(s.hosts.map((h) => h.ip).sort()).toEqual(['10.220.2.4', '10.240.0.4']);
  });
  it('links each nsenter view to its host veth (eth0@if16 ↔ azv33ac2d062ec, eth0@if15 ↔ cali4cd5cd7d78e)', () => {
    const azure = s.hosts.find((h) => h.ip === '10.220.2.4') as Host;
    const kubenet = s.hosts.find((h) => h.ip === '10.240.0.4') as Host;
    expect(hostNs(azure)?.links.find((l) => l.name === 'azv33ac2d062ec')?.peer?.netns).toBe('pod:pid-16315');
    expect(hostNs(kubenet)?.links.find((l) => l.name === 'cali4cd5cd7d78e')?.peer?.netns).toBe('pod:pid-30064');
  });
});

describe('seed 004: Azure CNI transparent, Overlay and BYO Calico', () => {
  const s = model('004');
  it('has pods, links, routes and the mode (the issue\'s "done when")', () => {
    expect(s.cluster.pods.length).toBeGreaterThan(30);
    const h = host(s, 'aks-nodepool1-59385832-vmss000000');
    expect(hostNs(h)?.routes.length).toBeGreaterThanOrEqual(7);
    expect(s.mode.detected.map((d) => d.mode)).toEqual(expect.arrayContaining(['azure-cni', 'azure-cni-overlay', 'byo']));
  });
  it('joins azure-vnet.json, ip netns pids and two nsenter views into one nginx netns behind azvc440f455693', () => {
    const h = host(s, 'aks-nodepool1-59385832-vmss000000');
    const ns = h.netns.find((n) => n.pod === 'default/nginx');
    expect(ns?.name).toBe('cni-1770aa7f-262a-c2ad-1c19-0a376d016a78');
    expect(ns?.links.find((l) => l.name === 'eth0')?.addresses.map((a) => `${a.ip}/${a.prefixlen}`)).toContain('10.224.0.24/16');
    expect(hostNs(h)?.links.find((l) => l.name === 'azvc440f455693')?.proxyArp?.on).toBe(true);
    expect(ns?.neighbours.find((n) => n.ip === '169.254.1.1')?.mac).toBe('aa:aa:aa:aa:aa:aa');
  });
  it('reads the Overlay conflist and the networkProfile', () => {
    const overlay = host(s, 'aks-nodepool1-30840492-vmss000000');
    expect(overlay.cni[0]?.plugins[0]?.ipam).toEqual({ mode: 'v4overlay', type: 'azure-cns' });
  });
});

describe('gaps are warned about', () => {
  it('a pod eth0@ifN without its peer in the host dump', () => {
    const s = buildModel([
      { path: 'node/ip-addr.txt', node: 'n1', text: '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    link/ether 00:0d:3a:9c:3c:c1 brd ff:ff:ff:ff:ff:ff\n    inet 10.240.0.4/16 brd 10.240.255.255 scope global eth0\n' },
      { path: 'node/pod-nginx-ip-addr.txt', node: 'n1', text: '3: eth0@if15: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n    link/ether be:26:02:27:b2:cd brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet 10.244.0.10/32 scope global eth0\n' },
      { path: 'node/route-n.txt', node: 'n1', text: 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.240.0.1      0.0.0.0         UG    0      0        0 eth0\n' },
    ]);
    const messages = s.warnings.map((w) => w.message);
    expect(messages).toContain('eth0@if15 in pod:nginx has no peer in the host dump');
    expect(messages).toContain('pod 10.244.0.10 has no host route');
  });
});
