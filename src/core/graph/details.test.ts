/** The facts panel: what a click on a node shows, with the lines the facts came from. */
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../cli/files.ts';
import { buildModel } from '../pipeline.ts';
import { detailsOf } from './details.ts';

const folder = new URL('../trace/fixtures/kernel/kubenet-sysctl', import.meta.url).pathname;

describe('node details', () => {
  const snap = buildModel(readInputs([folder]).files);
  it('list the captured sysctl settings with their source lines', () => {
    const d = detailsOf(snap, 'node:aks-sysctl-0');
    const rows = d?.lists.find((l) => l.title === 'sysctl')?.rows ?? [];
    expect(rows.map((r) => r.text)).toEqual(['net.bridge.bridge-nf-call-iptables = 0', 'net.ipv4.ip_forward = 0']);
    expect(rows[0]?.source).toEqual({ input: 'aks-sysctl-0/sysctl.txt', line: 1 });
  });
});
