/**
 * The kernel's answers recorded by scripts/capture-trace-scenarios.sh (`<scenario>.kernel.json`) and the readings of a
 * trace the kernel checks compare with them (src/cli/trace-kernel.test.ts, src/cli/trace-modes.test.ts).
 */
import { readFileSync } from 'node:fs';
import { readInputs } from './files.ts';
import { buildModel } from '../core/pipeline.ts';
import type { Snapshot } from '../core/model/types.ts';
import type { Trace } from '../core/trace/types.ts';

export interface KernelOutcome {
  count: number;
  delivered: boolean;
  error?: string;
  server?: { local: string; peer: string; at: string };
  /** [node, netns, ifname] */
  interfaces: [string, string, string][];
  /** [node, table, chain, index (0: policy), text] */
  rules: [string, string, string, number, string][];
}
export interface KernelProbe { name: string; flow: { from: string; to: string }; proto: string; dst: string; port?: number; repeat: number; outcomes: KernelOutcome[] }

export const KERNEL_DIR = new URL('../core/trace/fixtures/kernel/', import.meta.url);

export const loadScenario = (name: string): { snap: Snapshot; probes: KernelProbe[] } => ({
  snap: buildModel(readInputs([new URL(name, KERNEL_DIR).pathname]).files),
  probes: (JSON.parse(readFileSync(new URL(`${name}.kernel.json`, KERNEL_DIR), 'utf8')) as { probes: KernelProbe[] }).probes,
});

export const outcomesOf = (t: Trace): Trace[] => (t.branches.length ? t.branches.map((b) => b.trace) : [t]);
export const ipOf = (ipPort: string): string => ipPort.replace(/:\d+$/, '');
/** Where the packet was finally addressed: the last DNAT's target, else the flow's destination. */
export const finalDst = (t: Trace): string => [...t.nat].reverse().find((n) => n.kind === 'DNAT')?.to ?? `${t.flow.dst}${t.flow.dport ? `:${t.flow.dport}` : ''}`;
/** The source the destination sees: the last SNAT/MASQUERADE's address, else the flow's source. */
export const finalSrc = (t: Trace): string => ipOf([...t.nat].reverse().find((n) => n.kind === 'SNAT' || n.kind === 'MASQUERADE')?.to ?? t.flow.src);
export const nodesOf = (snap: Snapshot): Set<string> => new Set(snap.hosts.map((h) => h.name));

/** The engine's verdict for what the kernel did: delivered, no route (the client heard "unreachable"), or dropped. */
export const kernelVerdict = (o: KernelOutcome): 'delivered' | 'no-route' | 'dropped' =>
  o.delivered ? 'delivered' : /unreachable|no route/i.test(o.error ?? '') ? 'no-route' : 'dropped';
