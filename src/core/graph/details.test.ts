/** The facts panel: what a click on a node shows, with the lines the facts came from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { detailsOf } from './details.ts';

const node = 'aks-sysctl-0';
const dir = new URL(`../trace/fixtures/kernel/kubenet-sysctl/${node}/`, import.meta.url);
const files = ['ip-addr.txt', 'ip-route.txt', 'sysctl.txt'].map((f) => ({ path: `${node}/${f}`, node, text: readFileSync(new URL(f, dir), 'utf8') }));

describe('node details', () => {
  const snap = buildModel(files);
  it('list the captured sysctl settings with their source lines', () => {
    const d = detailsOf(snap, `node:${node}`);
    const rows = d?.lists.find((l) => l.title === 'sysctl')?.rows ?? [];
    expect(rows.map((r) => r.text).slice(0, 3)).toEqual(['net.bridge.bridge-nf-call-iptables = 0', 'net.ipv4.ip_forward = 0', 'net.ipv4.conf.all.proxy_arp = 0']);
    expect(rows[0]?.source).toEqual({ input: 'aks-sysctl-0/sysctl.txt', line: 1 });
  });
});

describe('proxy ARP from sysctl (kernel capture of the Calico VXLAN scenario)', () => {
  const calico = 'aks-calico-0';
  const at = new URL(`../trace/fixtures/kernel/calico-vxlan/${calico}/`, import.meta.url);
  const snap = buildModel(['ip-addr.txt', 'sysctl.txt'].map((f) => ({ path: `${calico}/${f}`, node: calico, text: readFileSync(new URL(f, at), 'utf8') })));
  const link = (name: string) => snap.hosts[0]?.netns.find((n) => n.id === 'host')?.links.find((l) => l.name === name);

  it('is on for the workload veths, with the sysctl line that says so', () => {
    expect(link('cali1f3a9c2e7b4')?.proxyArp).toEqual({ on: true, source: { input: `${calico}/sysctl.txt`, line: 4 } });
    expect(detailsOf(snap, `link:${calico}/host/cali1f3a9c2e7b4`)?.facts).toContainEqual(['proxy ARP', `on (${calico}/sysctl.txt:4)`]);
  });

  it('reads a dotted interface name from its slashed key, and off as off', () => {
    expect(link('vxlan.calico')?.proxyArp).toEqual({ on: false, source: { input: `${calico}/sysctl.txt`, line: 9 } });
    expect(link('eth0')?.proxyArp?.on).toBe(false);
  });

  it('is on for every link when conf.all is on', () => {
    const text = readFileSync(new URL('sysctl.txt', at), 'utf8').replace('net.ipv4.conf.all.proxy_arp = 0', 'net.ipv4.conf.all.proxy_arp = 1');
    const s = buildModel([{ path: `${calico}/ip-addr.txt`, node: calico, text: readFileSync(new URL('ip-addr.txt', at), 'utf8') }, { path: `${calico}/sysctl.txt`, node: calico, text }]);
    expect(s.hosts[0]?.netns.find((n) => n.id === 'host')?.links.find((l) => l.name === 'eth0')?.proxyArp).toEqual({ on: true, source: { input: `${calico}/sysctl.txt`, line: 3 } });
  });
});

describe('what the canvas draws that the model lacks', () => {
  const snap = buildModel([{ path: 'seed-001.txt', text: readFileSync(new URL('../../scenarios/seed-001.txt', import.meta.url), 'utf8') }]);
  it('the fabric lane (id `fabric`, no colon) has its details', () => {
    expect(detailsOf(snap, 'fabric')?.title).toBe('fabric between nodes');
  });
  it('the NIC inferred from the routes names the routes and where the node IP came from', () => {
    const d = detailsOf(snap, 'link:aks-nodepool1-26711606-0/host/eth0');
    expect(d?.title).toBe('eth0 (host, inferred)');
    expect(d?.endpoint).toBe('10.13.76.4');
    const rows = d?.lists[0]?.rows.map((r) => r.text) ?? [];
    expect(rows).toContain('route default via 10.13.76.1 dev eth0');
    expect(rows.some((r) => /^node IP 10\.13\.76\.4: shared by its host-network pods/.test(r))).toBe(true);
  });
});
