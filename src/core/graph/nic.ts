/**
 * The node's NIC when `ip addr` did not show it: the device its routes send the node's traffic out of (the default
 * route's, else the one whose source or subnet is the node IP), with the node IP (its eth0's, kubectl's
 * INTERNAL-IP, or the address its host-network pods share). Drawn dashed, as inferred evidence is, so the picture
 * still shows where a packet leaves the node; the details list the lines it was inferred from.
 */
import type { Host, Route, Snapshot, SourceRef } from '../model/types.ts';
import { inCidr } from '../net/ip.ts';
import { describeRoute } from '../trace/routing.ts';

export interface InferredNic { name: string; ip?: string; evidence: { text: string; source?: SourceRef }[] }

export function inferredNic(snap: Snapshot, h: Host): InferredNic | null {
  const ns = h.netns.find((n) => n.kind === 'host');
  if (!ns) return null;
  const main = ns.routes.filter((r) => r.table === 'main' || !r.table);
  const named = (r: Route | undefined): r is Route & { dev: string } => !!r?.dev;
  const ip = h.ip;
  const byDefault = main.find((r) => r.dst === 'default' && r.dev);
  const bySource = ip ? main.find((r) => r.prefsrc === ip && r.dev) : undefined;
  const bySubnet = ip ? main.find((r) => r.dst.includes('/') && r.dev && inCidr(ip, r.dst)) : undefined;
  const route = [byDefault, bySource, bySubnet].find(named);
  if (!route || ns.links.some((l) => l.name === route.dev)) return null;
  const name = route.dev;
  const routes = main.filter((r) => r.dev === name);
  // the node IP is this device's when a route of it says so, or when nothing else on the host holds it
  const holds = !!ip && (routes.some((r) => r.prefsrc === ip || (r.dst.includes('/') && inCidr(ip, r.dst))) || !ns.links.some((l) => l.addresses.some((a) => a.ip === ip)));
  const evidence: InferredNic['evidence'] = routes.map((r) => ({ text: `route ${describeRoute(r)}`, source: r.source }));
  if (holds && ip) {
    const node = snap.cluster.nodes.find((n) => n.name === h.name && n.internalIp === ip);
    const pods = snap.cluster.pods.filter((p) => p.node === h.name && p.ip === ip);
    if (node) evidence.push({ text: `node IP ${ip}: INTERNAL-IP of ${h.name} (kubectl get nodes)`, source: node.source });
    else if (pods.length) evidence.push({ text: `node IP ${ip}: shared by its host-network pods ${pods.slice(0, 3).map((p) => `${p.namespace}/${p.name}`).join(', ')}${pods.length > 3 ? ', …' : ''} (kubectl get pods)`, source: (pods[0] as { source: SourceRef }).source });
    else evidence.push({ text: `node IP ${ip}` });
  }
  return { name, ...(holds && ip ? { ip } : {}), evidence };
}
