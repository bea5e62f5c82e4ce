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
    expect(rows.map((r) => r.text)).toEqual(['net.bridge.bridge-nf-call-iptables = 0', 'net.ipv4.ip_forward = 0']);
    expect(rows[0]?.source).toEqual({ input: 'aks-sysctl-0/sysctl.txt', line: 1 });
  });
});
