/**
 * CNIs and policy engines PacketPath recognises from their devices, chains and conflists but does not model: a node
 * running one is named for what it is ("flannel, not modelled"), which is more use than `unknown` (issue 16, class 8).
 * kube-proxy's mode is recognised the same way; it is not a network mode of its own.
 */
import type { RecognisedProfile } from './types.ts';
import { chainSource, chainsWithPrefix, cniPlugins, linksNamed } from './evidence.ts';

function devices(re: RegExp, id: RecognisedProfile['id'], what: string): RecognisedProfile['evidence'] {
  return (h, add) => {
    const l = linksNamed(h, re);
    if (l.length) add(id, 4, `${l.map((x) => x.name).slice(0, 3).join(', ')}${l.length > 3 ? ', …' : ''} (${what} devices)`, l[0]?.sources[0]);
  };
}

function chains(prefixes: string[], id: RecognisedProfile['id'], what: string): RecognisedProfile['evidence'] {
  return (h, add) => {
    for (const c of chainsWithPrefix(h, prefixes)) add(id, 4, `${c.count} ${prefixes.join('/')}* chains in ${c.table} (${what})`, chainSource(c.first));
  };
}

function conflist(types: string[], id: RecognisedProfile['id']): RecognisedProfile['evidence'] {
  return (h, add) => {
    for (const { file, plugin } of cniPlugins(h)) if (types.includes(plugin.type)) add(id, 3, `${file}: ${plugin.type} plugin`);
  };
}

const all = (...fs: RecognisedProfile['evidence'][]): RecognisedProfile['evidence'] => (h, add) => { for (const f of fs) f(h, add); };

export const RECOGNISED: RecognisedProfile[] = [
  { id: 'flannel', label: 'flannel', kind: 'plugin',
    evidence: all(devices(/^flannel[.-]/, 'flannel', 'flannel'), chains(['FLANNEL-'], 'flannel', 'flannel'), conflist(['flannel'], 'flannel')) },
  { id: 'cilium', label: 'Cilium', kind: 'plugin',
    evidence: all(devices(/^(cilium_(host|net|vxlan|geneve)|lxc)/, 'cilium', 'Cilium'), chains(['CILIUM_'], 'cilium', 'Cilium'), conflist(['cilium-cni'], 'cilium')) },
  { id: 'openshift-sdn', label: 'OpenShift SDN', kind: 'plugin',
    evidence: all(devices(/^(tun0|vxlan_sys_4789)$/, 'openshift-sdn', 'OpenShift SDN'), chains(['OPENSHIFT-'], 'openshift-sdn', 'OpenShift SDN'), conflist(['openshift-sdn'], 'openshift-sdn')) },
  { id: 'ovn-kubernetes', label: 'OVN-Kubernetes', kind: 'plugin',
    evidence: all(devices(/^(genev_sys_6081|ovn-k8s-mp\d+)$/, 'ovn-kubernetes', 'OVN-Kubernetes'), chains(['OVN-KUBE-'], 'ovn-kubernetes', 'OVN-Kubernetes'), conflist(['ovn-k8s-cni-overlay'], 'ovn-kubernetes')) },
  { id: 'weave', label: 'Weave Net', kind: 'plugin',
    evidence: all(devices(/^(weave|vethwe-)/, 'weave', 'Weave Net'), chains(['WEAVE-'], 'weave', 'Weave Net'), conflist(['weave-net'], 'weave')) },
  { id: 'calico-felix-legacy', label: 'Calico before 2.0 (felix-* chains)', kind: 'policy',
    evidence: chains(['felix-'], 'calico-felix-legacy', 'Calico felix before 2.0') },
  { id: 'kube-proxy-ipvs', label: 'kube-proxy IPVS', kind: 'plugin', evidence: devices(/^kube-ipvs0$/, 'kube-proxy-ipvs', 'kube-proxy IPVS') },
  { id: 'kube-proxy-iptables', label: 'kube-proxy iptables', kind: 'plugin',
    evidence: (h, add) => {
      for (const [table, t] of Object.entries(h.iptables)) {
        const s = t.chains.get('KUBE-SERVICES');
        if (s) add('kube-proxy-iptables', 2, `KUBE-SERVICES chain in ${table}`, chainSource(s));
      }
    } },
];

/** Recognised ids that stand for a node's dataplane or policy engine (kube-proxy is neither). */
export const RECOGNISED_PLUGINS = new Set(RECOGNISED.filter((r) => r.kind === 'plugin' && !r.id.startsWith('kube-proxy')).map((r) => r.id));
export const RECOGNISED_POLICIES = new Set(RECOGNISED.filter((r) => r.kind === 'policy').map((r) => r.id));
