/**
 * The 5-node bundle of the browser benchmarks: 5 kubenet nodes × 250 pods × ~30,000 iptables rules each, written as a
 * folder a user would drop (a sub-folder per node, kubectl's pods beside them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeProxyNat } from './kube-proxy-table.ts';

export const NODES = 5;
export const PODS = 250;
export const SERVICES = 2730; // 2 + 3 × 3 rules each ≈ 30,000 rules

function nodeFiles(n: number): Record<string, string> {
  const addr: string[] = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000', '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', '    inet 127.0.0.1/8 scope host lo',
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000', `    link/ether 00:0d:3a:00:00:0${n} brd ff:ff:ff:ff:ff:ff`, `    inet 10.240.0.${4 + n}/16 brd 10.240.255.255 scope global eth0`,
    '3: cbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000', '    link/ether 3a:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff', `    inet 10.244.${n}.1/24 brd 10.244.${n}.255 scope global cbr0`,
  ];
  const routes = ['default via 10.240.0.1 dev eth0 proto dhcp src 10.240.0.' + (4 + n) + ' metric 100', `10.240.0.0/16 dev eth0 proto kernel scope link src 10.240.0.${4 + n}`, `10.244.${n}.0/24 dev cbr0 proto kernel scope link src 10.244.${n}.1`];
  const files: Record<string, string> = {};
  for (let p = 0; p < PODS; p++) {
    const idx = 10 + p;
    addr.push(`${idx}: veth${n}${String(p).padStart(7, '0')}@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cbr0 state UP group default`,
      `    link/ether 5e:00:00:00:${n.toString(16).padStart(2, '0')}:${(p % 256).toString(16).padStart(2, '0')} brd ff:ff:ff:ff:ff:ff link-netns cni-${n}-${p}`);
  }
  files['ip-addr.txt'] = `${addr.join('\n')}\n`;
  files['ip-route.txt'] = `${routes.join('\n')}\n`;
  files['iptables-save.txt'] = kubeProxyNat(SERVICES, 3);
  return files;
}

function pods(): string {
  const rows = ['NAMESPACE     NAME                 READY   STATUS    RESTARTS   AGE   IP            NODE        NOMINATED NODE   READINESS GATES'];
  for (let n = 0; n < NODES; n++) for (let p = 0; p < PODS; p++) rows.push(`ns${p % 10}   pod-${n}-${p}   1/1   Running   0   1d   10.244.${n}.${2 + (p % 250)}   aks-node-${n}   <none>   <none>`);
  return `${rows.join('\n')}\n`;
}

/** Writes the bundle under `root`; returns its folder. */
export function writeBundle(root: string): string {
  const bundle = join(root, 'bundle');
  for (let n = 0; n < NODES; n++) {
    const dir = join(bundle, `aks-node-${n}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(nodeFiles(n))) writeFileSync(join(dir, name), text);
  }
  mkdirSync(join(bundle, 'cluster'), { recursive: true });
  writeFileSync(join(bundle, 'cluster', 'kubectl-get-pods.txt'), pods());
  return bundle;
}
