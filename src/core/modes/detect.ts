/**
 * Network-mode detection with evidence: which dataplane carries pod traffic (kubenet, Azure CNI bridge or
 * transparent, Overlay, Calico VXLAN, BYO …) and who enforces NetworkPolicy (Calico, Azure NPM), from what the
 * inputs show — conflists, az networkProfile, link names, /32 routes, bridges, iptables chains, ipsets, pods.
 */
import type { Host, IptChain, ModeEvidence, ModeId, ModeResult, Snapshot } from '../model/types.ts';
import { inCidr } from '../net/ip.ts';

const DATAPLANES: ModeId[] = ['kubenet', 'azure-cni-bridge', 'azure-cni-transparent', 'azure-cni-overlay', 'calico-vxlan', 'flannel', 'cilium', 'byo'];
const POLICIES: Record<string, ModeResult['policy']> = { 'calico-policy': 'calico', 'azure-npm': 'azure-npm', cilium: 'cilium' };

export function hostModeEvidence(h: Host): ModeEvidence[] {
  const ev: ModeEvidence[] = [];
  const add = (mode: ModeId, weight: number, fact: string, source?: ModeEvidence['source']): void => {
    ev.push({ mode, weight, fact: `${h.name}: ${fact}`, ...(source ? { source } : {}) });
  };
  for (const c of h.cni) {
    const name = c.file ? `${c.file}` : 'CNI conflist';
    for (const p of c.plugins) {
      const ipam = (p.ipam ?? {}) as Record<string, unknown>;
      if (p.type === 'azure-vnet') {
        if (ipam.type === 'azure-cns' && ipam.mode === 'v4overlay') add('azure-cni-overlay', 5, `${name}: azure-vnet with ipam azure-cns mode v4overlay`, c.source);
        else if (p.mode === 'transparent') add('azure-cni-transparent', 3, `${name}: azure-vnet mode transparent`, c.source);
        else if (p.mode === 'bridge' || p.bridge) add('azure-cni-bridge', 3, `${name}: azure-vnet mode bridge${p.bridge ? ` (bridge ${String(p.bridge)})` : ''}`, c.source);
      }
      if (p.type === 'calico') {
        add('calico-cni', 3, `${name}: calico plugin`, c.source);
        if (ipam.type === 'host-local' && JSON.stringify(ipam).includes('usePodCidr')) add('kubenet', 2, `${name}: calico with host-local IPAM on the node's pod CIDR (kubenet addressing)`, c.source);
      }
      if (p.type === 'bridge' && (p.bridge === 'cbr0' || ipam.type === 'host-local')) add('kubenet', 3, `${name}: bridge ${String(p.bridge ?? '')} with host-local IPAM`, c.source);
      if (p.type === 'flannel') add('flannel', 3, `${name}: flannel plugin`, c.source);
      if (p.type === 'cilium-cni') add('cilium', 3, `${name}: cilium-cni plugin`, c.source);
    }
  }
  const hostNs = h.netns.find((n) => n.id === 'host');
  if (hostNs) {
    const count = (re: RegExp): number => hostNs.links.filter((l) => re.test(l.name)).length;
    const first = (re: RegExp) => hostNs.links.find((l) => re.test(l.name))?.sources[0];
    const azv = count(/^azv/);
    const cali = count(/^cali/);
    const cbr0 = hostNs.links.find((l) => l.name === 'cbr0');
    const azure0 = hostNs.links.find((l) => l.name === 'azure0');
    if (cbr0) add('kubenet', 3, `bridge cbr0 (kubenet's bridge)${cbr0.ports?.length ? ` with ${cbr0.ports.length} ports` : ''}`, cbr0.sources[0]);
    if (azure0) add('azure-cni-bridge', 4, `bridge azure0 (Azure CNI bridge mode)`, azure0.sources[0]);
    if (cali) add('calico-policy', 2, `${cali} cali* veth links (Calico-managed pod interfaces)`, first(/^cali/));
    if (hostNs.links.some((l) => l.name === 'vxlan.calico')) add('calico-vxlan', 5, 'vxlan.calico device (Calico VXLAN, UDP 4789)', first(/^vxlan\.calico$/));
    if (hostNs.links.some((l) => /^flannel\.\d+$/.test(l.name))) add('flannel', 4, 'flannel.1 VXLAN device', first(/^flannel\.\d+$/));
    if (hostNs.links.some((l) => /^(cilium_host|lxc)/.test(l.name))) add('cilium', 3, 'cilium_host / lxc* devices', first(/^(cilium_host|lxc)/));
    if (hostNs.links.some((l) => l.name === 'kube-ipvs0')) add('kube-proxy-ipvs', 3, 'kube-ipvs0 dummy device', first(/^kube-ipvs0$/));
    const host32 = (re: RegExp) => hostNs.routes.filter((r) => r.dev && re.test(r.dev) && /^[\d.]+$/.test(r.dst) && !r.gateway);
    const azvRoutes = host32(/^azv/);
    const caliRoutes = host32(/^cali/);
    if (azvRoutes.length) add('azure-cni-transparent', 3, `${azvRoutes.length} /32 routes to azv* links (transparent mode: no bridge)`, azvRoutes[0]?.source);
    else if (azv && !azure0) add('azure-cni-transparent', 1, `${azv} azv* links and no azure0 bridge`, first(/^azv/));
    if (caliRoutes.length) add('calico-policy', 2, `${caliRoutes.length} /32 routes to cali* links`, caliRoutes[0]?.source);
    // where do pod IPs come from? inside the node's subnet: Azure CNI (VNet IPs); outside: kubenet or Overlay
    const nodeNet = hostNs.routes.find((r) => r.dev === 'eth0' && !r.gateway && r.dst !== 'default' && r.dst.includes('/') && r.scope === 'link');
    const podIps = [...azvRoutes, ...caliRoutes].map((r) => r.dst);
    if (nodeNet && podIps.length) {
      const inside = podIps.filter((ip) => inCidr(ip, nodeNet.dst)).length;
      if (inside === podIps.length) add('azure-cni-transparent', 1, `pod IPs are inside the node subnet ${nodeNet.dst} (VNet IPs)`, nodeNet.source);
      else if (inside === 0 && !azv) add('kubenet', 2, `pod IPs are outside the node subnet ${nodeNet.dst} (a separate pod CIDR)`, nodeNet.source);
    }
    const cbr0Route = hostNs.routes.find((r) => r.dev === 'cbr0');
    if (cbr0Route) add('kubenet', 1, `route ${cbr0Route.dst} to cbr0`, cbr0Route.source);
  }
  for (const n of h.azureNetworks) {
    if (n.subnets.some((s) => s.gateway === '169.254.1.1')) add('azure-cni-overlay', 2, `azure-vnet.json network ${n.id}: subnet gateway 169.254.1.1 (Overlay)`, n.source);
    else if (n.mode === 'transparent') add('azure-cni-transparent', 2, `azure-vnet.json network ${n.id}: mode transparent`, n.source);
    else if (n.mode === 'bridge') add('azure-cni-bridge', 2, `azure-vnet.json network ${n.id}: mode bridge`, n.source);
  }
  const addMode = h.cniEvents.find((e) => e.event === 'add' && e.mode);
  if (addMode) add(addMode.mode === 'bridge' ? 'azure-cni-bridge' : 'azure-cni-transparent', 1, `azure-vnet.log: ADD in mode ${String(addMode.mode)}`, addMode.source);
  if (h.cniEvents.some((e) => e.event === 'ip-state' || e.event === 'pod-ip')) {
    const e = h.cniEvents.find((x) => x.event === 'pod-ip' || x.event === 'ip-state');
    add('azure-cni-overlay', 1, 'azure-cns assigns pod IPs', e?.source);
  }
  for (const [tname, t] of Object.entries(h.iptables)) {
    // one pass over the chains (a kube-proxy table has 40,000)
    let npm = 0;
    let firstNpm: IptChain | undefined;
    let cali = 0;
    let firstCali: IptChain | undefined;
    const builtins: IptChain[] = [];
    for (const [name, c] of t.chains) {
      if (c.builtin) builtins.push(c);
      else if (name.startsWith('AZURE-NPM')) { npm++; firstNpm ??= c; }
      else if (name.startsWith('cali-')) { cali++; firstCali ??= c; }
    }
    if (firstNpm) add('azure-npm', 4, `${npm} AZURE-NPM* chains in ${tname}`, firstNpm.source ?? firstNpm.rules[0]?.source);
    if (firstCali) add('calico-policy', 3, `${cali} cali-* chains in ${tname}`, firstCali.rules[0]?.source ?? firstCali.source);
    const services = t.chains.get('KUBE-SERVICES');
    if (services) add('kube-proxy-iptables', 2, `KUBE-SERVICES chain in ${tname}`, services.source ?? services.rules[0]?.source);
    // kubenet's rule is in nat POSTROUTING: look in the built-in chains, not in 20,000 KUBE-SEP-* chains
    for (const c of builtins) {
      const r = c.rules.find((x) => x.text.includes('kubenet: SNAT'));
      if (r) add('kubenet', 3, `${tname} ${c.name}: "kubenet: SNAT for outbound traffic from cluster"`, r.source);
    }
  }
  const npmSets = h.ipsets.filter((s) => s.name.startsWith('azure-npm-'));
  if (npmSets.length) add('azure-npm', 2, `${npmSets.length} azure-npm-* ipsets`, npmSets[0]?.source);
  const caliSets = h.ipsets.filter((s) => s.name.startsWith('cali40'));
  if (caliSets.length) add('calico-policy', 2, `${caliSets.length} cali40* ipsets`, caliSets[0]?.source);
  return ev;
}

function clusterEvidence(snap: Snapshot): ModeEvidence[] {
  const ev: ModeEvidence[] = [];
  const p = snap.cluster.networkProfile;
  const src = snap.inputs.find((i) => i.kind === 'az-network-profile');
  const source = src ? { input: src.name, line: src.warnings[0]?.line ?? 1 } : undefined;
  if (p) {
    const plugin = p.networkPlugin;
    const mode = p.networkPluginMode;
    const add = (m: ModeId, w: number, f: string): void => { ev.push({ mode: m, weight: w, fact: `networkProfile: ${f}`, ...(source ? { source } : {}) }); };
    if (plugin === 'kubenet') add('kubenet', 5, 'networkPlugin kubenet');
    if (plugin === 'azure' && mode === 'overlay') add('azure-cni-overlay', 5, `networkPlugin azure, networkPluginMode overlay, podCidr ${String(p.podCidr)}`);
    else if (plugin === 'azure') add('azure-cni-transparent', 2, 'networkPlugin azure (pods on the VNet subnet)');
    if (plugin === 'none') add('byo', 5, 'networkPlugin none (bring your own CNI)');
    if (p.networkPolicy === 'calico') add('calico-policy', 3, 'networkPolicy calico');
    if (p.networkPolicy === 'azure') add('azure-npm', 3, 'networkPolicy azure');
    if (p.networkPolicy === 'cilium' || p.networkDataplane === 'cilium') add('cilium', 3, 'cilium dataplane');
  }
  const pods = snap.cluster.pods;
  const pod = (re: RegExp) => pods.find((x) => re.test(x.name));
  const npm = pod(/^azure-npm-/);
  if (npm) ev.push({ mode: 'azure-npm', weight: 2, fact: `pod ${npm.namespace}/${npm.name} (Azure NPM DaemonSet)`, source: npm.source });
  const calico = pod(/^calico-node-/);
  if (calico) ev.push({ mode: 'calico-policy', weight: 1, fact: `pod ${calico.namespace}/${calico.name} (Calico)`, source: calico.source });
  const cns = pod(/^azure-cns-/);
  if (cns) ev.push({ mode: 'azure-cni-overlay', weight: 1, fact: `pod ${cns.namespace}/${cns.name} (azure-cns IPAM)`, source: cns.source });
  return ev;
}

export function detectModes(snap: Snapshot): ModeResult {
  const all = [...snap.hosts.flatMap((h) => h.modes), ...clusterEvidence(snap)];
  const byMode = new Map<ModeId, ModeEvidence[]>();
  for (const e of all) byMode.set(e.mode, [...(byMode.get(e.mode) ?? []), e]);
  const detected = [...byMode.entries()]
    .map(([mode, evidence]) => ({ mode, score: evidence.reduce((s, e) => s + e.weight, 0), evidence }))
    .sort((a, b) => b.score - a.score);
  const score = (m: ModeId): number => detected.find((d) => d.mode === m)?.score ?? 0;
  let dataplane: ModeResult['dataplane'] = 'unknown';
  let best = 0;
  for (const m of DATAPLANES) if (score(m) > best) { best = score(m); dataplane = m; }
  // Overlay runs azure-vnet in transparent mode: its own evidence decides between the two
  if (dataplane === 'azure-cni-transparent' && score('azure-cni-overlay') >= 4) dataplane = 'azure-cni-overlay';
  if (dataplane === 'byo' && score('calico-vxlan') > 0) dataplane = 'calico-vxlan';
  let policy: ModeResult['policy'] = dataplane === 'unknown' ? 'unknown' : 'none';
  let pbest = 0;
  for (const [m, p] of Object.entries(POLICIES)) if (score(m as ModeId) > pbest) { pbest = score(m as ModeId); policy = p; }
  return { dataplane, policy, detected };
}
