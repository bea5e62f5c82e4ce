/**
 * A NetworkPolicy's rules as iptables match text, shared by the engines that render them (NPM, Calico): one line per
 * peer × port, each peer an ipset of the pods it selects (filled from the inventory) or an ipBlock's CIDR. Sets whose
 * members the inventory cannot settle are named but left out, with what would settle them, so a trace through them
 * forks and says so instead of guessing.
 */
import type { NetworkPolicyModel } from '../../model/types.ts';
import type { NodeBuild } from './build.ts';
import { peerPods, portMatch, selectedPods, type Membership } from './selectors.ts';

export interface RenderedRule { match: string }

/** How an engine names the ipset that stands for `what` (NPM: a decimal hash; Calico: base64). */
export type SetNaming = (what: string) => string;

/** A membership as an ipset of the engine, created in `b` or recorded as unsettled. */
export function setFor(b: NodeBuild, naming: SetNaming, what: string, m: Membership): string {
  const name = naming(what);
  if (m.unsettled) unsettle(b, name, `what-if: who is in ${name} (${what}) needs ${m.unsettled}`);
  else b.ipset(name, 'hash:net', m.ips);
  return name;
}

export function unsettle(b: NodeBuild, set: string, why: string): void {
  const w = b.host.whatIf;
  if (w) w.unsettled = { ...(w.unsettled ?? {}), [set]: why };
}

/** The pods `policy` applies to, as a set of the engine. */
export const targetSet = (b: NodeBuild, naming: SetNaming, policy: NetworkPolicyModel): string =>
  setFor(b, naming, `pods selected by ${policy.namespace}/${policy.name}`, selectedPods(b, policy));

/** Each allowed (peer, port) of `dir` as match text: `-m set --match-set S src -p tcp -m tcp --dport 5432`. */
export function allowMatches(b: NodeBuild, naming: SetNaming, policy: NetworkPolicyModel, dir: 'Ingress' | 'Egress'): RenderedRule[] {
  const side = dir === 'Ingress' ? 'src' : 'dst';
  const addr = dir === 'Ingress' ? '-s' : '-d';
  const rules = dir === 'Ingress' ? policy.ingress.map((r) => ({ peers: r.from, ports: r.ports })) : policy.egress.map((r) => ({ peers: r.to, ports: r.ports }));
  const out: RenderedRule[] = [];
  rules.forEach((r, i) => {
    const peers = r.peers?.length ? r.peers : [undefined];
    const ports = r.ports?.length ? r.ports : [undefined];
    peers.forEach((peer, j) => {
      let peerText = '';
      if (peer?.ipBlock) {
        peerText = `${addr} ${peer.ipBlock.cidr}`;
        if (peer.ipBlock.except?.length) {
          const ex = setFor(b, naming, `${policy.namespace}/${policy.name} ${dir} rule ${i + 1} peer ${j + 1} except`, { ips: peer.ipBlock.except });
          peerText += ` -m set ! --match-set ${ex} ${side}`;
        }
      } else if (peer) {
        peerText = `-m set --match-set ${setFor(b, naming, `${policy.namespace}/${policy.name} ${dir} rule ${i + 1} peer ${j + 1}`, peerPods(b, policy, peer))} ${side}`;
      }
      for (const port of ports) {
        const pm = portMatch(port);
        let portText: string;
        if ('named' in pm) {
          const s = naming(`${policy.namespace}/${policy.name} named port ${pm.named}`);
          unsettle(b, s, `what-if: the container port named "${pm.named}" of the pods ${policy.namespace}/${policy.name} selects (kubectl get pods -o yaml)`);
          portText = `-m set --match-set ${s} dst`;
        } else portText = pm.text;
        out.push({ match: [peerText, portText].filter(Boolean).join(' ') });
      }
    });
  });
  return out;
}
