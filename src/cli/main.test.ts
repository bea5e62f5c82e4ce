/** The `packetpath` command: detect, parse and model print the DESIGN.md shapes as JSON. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = new URL('./bin.mjs', import.meta.url).pathname;
const run = (...args: string[]): unknown => JSON.parse(execFileSync('node', [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const fails = (...args: string[]): { status: number | null; stderr: string } =>
  spawnSync('node', [bin, ...args], { encoding: 'utf8' });
const seed = (n: string): string => new URL(`../scenarios/seed-${n}.txt`, import.meta.url).pathname;

describe('packetpath CLI', { timeout: 60_000 }, () => {
  it('detect lists each block with its kind, confidence, node and pod view', () => {
    const blocks = run('detect', seed('001')) as { kind: string | null; node?: string; netns?: string; command?: string }[];
    const nsenter = blocks.find((b) => b.command === 'ip addr' && b.netns);
    expect(nsenter).toMatchObject({ kind: 'ip-addr', node: 'aks-nodepool1-26711606-0', netns: 'pid:17233' });
    expect(blocks.filter((b) => b.kind === 'route-n').length).toBe(3);
  });

  it('parse --kind prints { kind, records, warnings } in ip -j field names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-cli-'));
    writeFileSync(join(dir, 'routes.txt'), 'default via 10.224.0.1 dev eth0 proto dhcp src 10.224.0.4 metric 100\n');
    expect(run('parse', '--kind', 'ip-route', join(dir, 'routes.txt'))).toEqual({
      kind: 'ip-route',
      records: [{ dst: 'default', gateway: '10.224.0.1', dev: 'eth0', protocol: 'dhcp', prefsrc: '10.224.0.4', metric: 100, flags: [] }],
      warnings: [],
    });
  });

  it('model of a folder bundle makes one node per sub-folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-bundle-'));
    for (const node of ['node-a', 'node-b']) {
      mkdirSync(join(dir, node));
      writeFileSync(join(dir, node, 'ip-addr.txt'), `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    link/ether 00:0d:3a:9c:3c:c1 brd ff:ff:ff:ff:ff:ff\n    inet 10.240.0.${node === 'node-a' ? 4 : 5}/16 scope global eth0\n`);
    }
    const snap = run('model', dir) as { hosts: { name: string; ip: string }[] };
    expect(snap.hosts.map((h) => [h.name, h.ip])).toEqual([['node-a', '10.240.0.4'], ['node-b', '10.240.0.5']]);
  });

  it('model of seed 004 has pods, links, routes and a mode', () => {
    const snap = run('model', seed('004')) as { cluster: { pods: unknown[] }; hosts: { netns: { links: unknown[]; routes: unknown[] }[] }[]; mode: { dataplane: string } };
    expect(snap.cluster.pods.length).toBeGreaterThan(30);
    expect(snap.hosts.flatMap((h) => h.netns.flatMap((n) => n.links)).length).toBeGreaterThan(3);
    expect(snap.hosts.flatMap((h) => h.netns.flatMap((n) => n.routes)).length).toBeGreaterThan(5);
    expect(snap.mode.dataplane).not.toBe('unknown');
  });

  it('model prints a table\'s chains as an object keyed by chain name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-cli-'));
    writeFileSync(join(dir, 'nat.txt'), '*nat\n:POSTROUTING ACCEPT [0:0]\n:KUBE-POSTROUTING - [0:0]\n-A POSTROUTING -j KUBE-POSTROUTING\n-A KUBE-POSTROUTING -j MASQUERADE\nCOMMIT\n');
    const snap = run('model', join(dir, 'nat.txt')) as { hosts: { iptables: Record<string, { chains: Record<string, { rules: { text: string }[] }> }> }[] };
    const chains = snap.hosts[0]?.iptables.nat?.chains ?? {};
    expect(Object.keys(chains)).toEqual(['POSTROUTING', 'KUBE-POSTROUTING']);
    expect(chains['KUBE-POSTROUTING']?.rules.map((r) => r.text)).toEqual(['-A KUBE-POSTROUTING -j MASQUERADE']);
  });

  it('rejects an unknown command, option or value with exit code 2 and the valid ones', () => {
    const cmd = fails('frob');
    expect(cmd.status).toBe(2);
    expect(cmd.stderr).toContain('valid commands: detect, parse, model, trace');
    const opt = fails('trace', seed('001'), '--from', 'a', '--to', 'b', '--bogus');
    expect(opt.status).toBe(2);
    expect(opt.stderr).toMatch(/Unknown option '--bogus'.*valid options: --from <value>/);
    const proto = fails('trace', seed('001'), '--from', 'a', '--to', 'b', '--proto', 'sctp');
    expect([proto.status, proto.stderr.split('\n')[0]]).toEqual([2, 'packetpath: --proto sctp: not one of tcp, udp, icmp']);
    expect(fails('trace', seed('001'), '--from', 'a', '--to', 'b', '--port', '99999').stderr).toContain('not a port number');
    expect(fails('parse', '--kind', 'nope', seed('001')).stderr).toContain('--kind nope: not one of ip-addr');
  });

  it('--as rewires every node as a what-if: model prints the report, trace marks its steps; an unknown mode lists the valid ones', () => {
    const kernel = new URL('../core/trace/fixtures/kernel/kubenet', import.meta.url).pathname;
    const snap = run('model', kernel, '--as', 'azure-cni+calico') as { hosts: { name: string; whatIf?: { mode: string } }[]; whatIf: { modes: Record<string, string>; mapping: { pod: string; to: string }[] } };
    expect(snap.whatIf.modes).toEqual({ 'aks-kubenet-0': 'azure-cni+calico', 'aks-kubenet-1': 'azure-cni+calico' });
    expect(snap.hosts.map((h) => h.whatIf?.mode)).toEqual(['azure-cni+calico', 'azure-cni+calico']);
    expect(snap.whatIf.mapping.find((m) => m.pod === 'default/web-1')?.to).toBe('10.240.0.36');
    const t = run('trace', kernel, '--from', 'default/client-0', '--to', 'default/web-1:8080', '--as', 'azure-cni', '--json') as { verdict: string; whatIf: { modes: Record<string, string> }; hops: { steps: { whatIf?: boolean }[] }[] };
    expect(t.verdict).toBe('delivered');
    expect(t.whatIf.modes['aks-kubenet-0']).toBe('azure-cni+none');
    expect(t.hops.flatMap((h) => h.steps).some((s) => s.whatIf)).toBe(true);
    // as the detected mode: the capture's answer, no what-if
    const same = run('trace', kernel, '--from', 'default/client-0', '--to', 'default/web-1:8080', '--as', 'kubenet+none', '--json') as { verdict: string; whatIf?: { modes: Record<string, string> } };
    expect([same.verdict, Object.keys(same.whatIf?.modes ?? {})]).toEqual(['delivered', []]);
    const bad = fails('trace', kernel, '--from', 'a', '--to', 'b', '--as', 'flannel');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--as unknown mode "flannel"; valid modes: kubenet\+none, kubenet\+calico, azure-cni-bridge\+none, azure-cni\+none/);
    expect(fails('model', kernel, '--as', 'kubenet+azure').stderr).toContain('kubenet does not run with policy engine azure');
  });
});
