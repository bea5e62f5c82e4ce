/**
 * Trace time: one flow through the 110,000-rule kube-proxy node of the core benchmark (a ClusterIP at the end
 * of KUBE-SERVICES, so every rule of that chain is looked at), and the seed scenarios. Prints the first trace (what a
 * mode toggle pays: it re-traces) and the median.
 * Targets: median ≤ 20 ms on the big node, ≤ 5 ms on the seeds (issue "Trace"); the first trace on the big node
 * ≤ 50 ms (issue 13, toggles: it was 290 ms before rules for other destinations were skipped unparsed).
 */
import { readFileSync } from 'node:fs';
import { buildModel } from '../src/core/pipeline.ts';
import { trace, type TraceRequest } from '../src/core/trace/engine.ts';
import type { Snapshot } from '../src/core/model/types.ts';
import { ruleCount } from '../src/core/model/netns.ts';
import { kubeProxyNat } from './kube-proxy-table.ts';

const fixture = (p: string) => readFileSync(new URL(`../src/core/parsers/${p}`, import.meta.url), 'utf8');
const seed = (n: string) => readFileSync(new URL(`../src/scenarios/seed-${n}.txt`, import.meta.url), 'utf8');

/** CPU milliseconds of this process (user + system): on a machine shared with other work, wall time waits for a core. */
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function time(snap: Snapshot, req: TraceRequest, runs: number): { first: number; firstCpu: number; median: number; medianCpu: number; verdict: string; branches: number } {
  const t0 = performance.now();
  const c0 = cpuMs();
  const first = trace(snap, req);
  const firstMs = performance.now() - t0;
  const firstCpu = cpuMs() - c0;
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const c = cpuMs();
    trace(snap, req);
    samples.push(performance.now() - s);
    cpu.push(cpuMs() - c);
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const t = 'error' in first ? null : first;
  return { first: firstMs, firstCpu, median: samples[Math.floor(samples.length / 2)] as number, medianCpu: cpu[Math.floor(cpu.length / 2)] as number,
    verdict: t?.verdict ?? (first as { error: string }).error, branches: t?.branches.length ?? 0 };
}

const fmt = (n: number) => n.toFixed(2).padStart(8);

const SERVICES = 10_000;
const big = buildModel([
  { path: 'node/ip-addr.txt', node: 'node', text: fixture('ip-addr/fixtures/ip-addr--kernel-node-addr.txt') },
  { path: 'node/ip-route.txt', node: 'node', text: fixture('ip-route/fixtures/ip-route--kernel-node-route.txt') },
  { path: 'node/pod-kubenet-a-addr.txt', node: 'node', text: fixture('ip-addr/fixtures/ip-addr--kernel-kubenet-a-addr.txt') },
  { path: 'node/pod-kubenet-a-route.txt', node: 'node', text: fixture('ip-route/fixtures/ip-route--kernel-kubenet-a-route.txt') },
  { path: 'node/iptables-save-nat.txt', node: 'node', text: kubeProxyNat(SERVICES, 3) },
]);
const rules = big.hosts[0]?.iptables.nat ? ruleCount(big.hosts[0].iptables.nat) : 0;
const last = SERVICES - 1;
const lastIp = `10.${96 + (last >> 16)}.${(last >> 8) & 255}.${last & 255}`;

console.log(`trace benchmark (${process.version})`);
const rows: [string, Snapshot, TraceRequest, number][] = [
  [`110k-rule node: pod → last ClusterIP (${rules} nat rules)`, big, { from: '10.244.0.10', to: `${lastIp}:80` }, 30],
  ['seed 001: kuard-vnode → ingress pod (dropped)', buildModel([{ path: 'seed-001.txt', text: seed('001') }]), { from: 'default/kuard-vnode', to: '10.13.76.19:8080' }, 200],
  ['seed 000: coredns → metrics-server (NPM, 2 branches)', buildModel([{ path: 'seed-000.txt', text: seed('000') }]), { from: 'kube-system/coredns-76b9877f49-sh2lz', to: '192.168.1.44:443' }, 200],
  ['seed 002: kubenet pod → 8.8.8.8 (MASQUERADE)', buildModel([{ path: 'seed-002.txt', text: seed('002') }]), { from: '10.100.1.18', to: '8.8.8.8:443' }, 200],
];
const results = rows.map(([name, snap, req, runs]) => ({ name, ...time(snap, req, runs) }));
for (const r of results) {
  console.log(`  ${r.name.padEnd(62)} first ${fmt(r.first)} ms (cpu ${fmt(r.firstCpu)})  median ${fmt(r.median)} ms (cpu ${fmt(r.medianCpu)})  → ${r.verdict}${r.branches ? `, ${r.branches} branches` : ''}`);
}
const bigMedian = results[0]?.median ?? 0;
const bigFirst = results[0]?.first ?? 0;
const seedMedian = Math.max(...results.slice(1).map((r) => r.median));
console.log(`  big node first / 50 ms target = ${(bigFirst / 50).toFixed(2)}× (cpu ${((results[0]?.firstCpu ?? 0) / 50).toFixed(2)}×); big node median / 20 ms target = ${(bigMedian / 20).toFixed(2)}×; slowest seed median / 5 ms target = ${(seedMedian / 5).toFixed(2)}×`);
